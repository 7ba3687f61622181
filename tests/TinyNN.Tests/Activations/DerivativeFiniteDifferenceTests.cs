namespace TinyNN.Tests.Activations;

/// <summary>
/// The generated float64 f′ and f″ of every activation against central finite differences of f and f′ in float64.
/// Step h = 1e-5·max(1, |x|): truncation error h²·f‴/6 and rounding ε·f/h both stay below 1e-7 of the scale
/// max(1, max |f′|) for these formulas, so 1e-6 of that scale is a tight but safe tolerance.
/// </summary>
public sealed class DerivativeFiniteDifferenceTests
{
    private const int PointCount = 401;
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Names => ActivationCases.Names();

    [Theory, MemberData(nameof(Names))]
    public void FirstDerivativeMatchesFiniteDifferences(string name)
    {
        var activation = ActivationCases.Get(name);
        AssertMatches(name, activation.Forward64, activation.Derivative64, "f'");
    }

    [Theory, MemberData(nameof(Names))]
    public void SecondDerivativeMatchesFiniteDifferences(string name)
    {
        var activation = ActivationCases.Get(name);
        AssertMatches(name, activation.Derivative64, activation.SecondDerivative64, "f''");
    }

    private static void AssertMatches(string name, Func<double, double> f, Func<double, double> derivative, string what)
    {
        var points = SamplePoints(name).ToList();
        Assert.True(points.Count >= 200, $"only {points.Count} points");
        var scale = Math.Max(1, points.Max(x => Math.Abs(derivative(x))));
        foreach (var x in points)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x));
            var finiteDifference = (f(x + h) - f(x - h)) / (2 * h);
            var error = Math.Abs(derivative(x) - finiteDifference) / scale;
            Assert.True(error <= Tolerance,
                $"{name} {what}({x:R}) = {derivative(x):R}, finite difference {finiteDifference:R}, scaled error {error:0.0e+0}");
        }
    }

    /// <summary>Evenly spaced points over the activation's range plus points hugging its kinks, none within a step of one.</summary>
    public static IEnumerable<double> SamplePoints(string name)
    {
        var range = ActivationCases.Range(name);
        var kinks = ActivationCases.Kinks(name);
        var near = kinks.SelectMany(k => new[] { k - 1e-3, k + 1e-3, k - 0.1, k + 0.1 });
        return Enumerable.Range(0, PointCount)
            .Select(i => -range + 2 * range * i / (PointCount - 1) + 1e-7) // offset so no sample lands on a kink exactly
            .Concat(near)
            .Where(x => kinks.All(k => Math.Abs(x - k) > 1e-4 * Math.Max(1, Math.Abs(x))));
    }
}
