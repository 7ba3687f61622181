using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// The float64 references against central finite differences of their own lower-order passes: Jᵀb against FD of
/// L₁ = ⟨y, b⟩ in x; dL₂/dx and dL₂/d(dL₁/dy) = J·g against FD of L₂ = ⟨Jᵀb, g⟩ in x and in b. With h = 1e-6 the FD
/// error is near 1e-8 relative for these smooth functions (the triangle waves sampled away from their kinks), so
/// 1e-6 relative to the largest component is the tolerance.
/// </summary>
public sealed class EncodingReferenceTests
{
    public static TheoryData<string> Cases() => EncodingCases.Names();

    [Theory, MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferencesOfTheForward(string name)
    {
        var (reference, x, b, _) = Problem(name, seed: 3);
        AssertGradient(reference.Backward(x, b), i => Central(x, i, xs => Dot(reference.Forward(xs), b)), "dL1/dx");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardBackwardMatchesFiniteDifferencesOfTheBackward(string name)
    {
        var (reference, x, b, g) = Problem(name, seed: 4);
        var (inputGradient, outputGradientGradient) = reference.BackwardBackward(x, b, g);
        AssertGradient(inputGradient, i => Central(x, i, xs => Dot(reference.Backward(xs, b), g)), "dL2/dx");
        AssertGradient(outputGradientGradient, j => Central(b, j, bs => Dot(reference.Backward(x, bs), g)), "dL2/d(dL1/dy)");
    }

    private static (EncodingReference Reference, double[] X, double[] B, double[] G) Problem(string name, int seed)
    {
        var c = EncodingCases.Get(name);
        var reference = c.Reference();
        var random = new Random(seed);
        double[] Vector(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
        return (reference, c.Sample(random), Vector(reference.OutputWidth), Vector(reference.InputWidth));
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    /// <summary>Central difference of <paramref name="f"/> along coordinate i of <paramref name="point"/>.</summary>
    private static double Central(double[] point, int i, Func<double[], double> f)
    {
        const double h = 1e-6;
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }

    private static void AssertGradient(double[] analytic, Func<int, double> finiteDifference, string what)
    {
        var scale = Math.Max(1e-3, analytic.Max(Math.Abs));
        for (var i = 0; i < analytic.Length; i++)
        {
            var fd = finiteDifference(i);
            Assert.True(Math.Abs(analytic[i] - fd) <= 1e-6 * scale, $"{what}[{i}]: analytic {analytic[i]:R}, finite difference {fd:R}");
        }
    }
}
