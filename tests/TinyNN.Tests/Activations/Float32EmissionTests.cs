namespace TinyNN.Tests.Activations;

/// <summary>
/// The float32 code the generator emits for kernels against its float64 twin, and finiteness where naive
/// formulas overflow (saturating activations out to |x| = 20).
/// </summary>
public sealed class Float32EmissionTests
{
    public static TheoryData<string> Names => ActivationCases.Names();

    /// <summary>
    /// Float32 rounding of inner arguments dominates: sin(30x) at |30x| ≈ 60 rounds its argument by up to
    /// 60·2⁻²⁴ ≈ 4e-6, and cancellations (GELU's f″ in its tail) lose a few ulps of the scale. 1e-5 of the scale.
    /// </summary>
    private const double Tolerance = 1e-5;

    [Theory, MemberData(nameof(Names))]
    public void Float32MatchesFloat64(string name)
    {
        var a = ActivationCases.Get(name);
        var points = DerivativeFiniteDifferenceTests.SamplePoints(name).Select(x => (float)x).ToArray();
        Check(points, a.Forward32, a.Forward64, name, "f");
        Check(points, a.Derivative32, a.Derivative64, name, "f'");
        Check(points, a.SecondDerivative32, a.SecondDerivative64, name, "f''");
        Check(points, a.DeviceForward, a.Forward64, name, "device f");
        Check(points, a.DeviceDerivative, a.Derivative64, name, "device f'");
        Check(points, a.DeviceSecondDerivative, a.SecondDerivative64, name, "device f''");
    }

    [Theory, MemberData(nameof(Names))]
    public void DerivativesStayFiniteInSaturation(string name)
    {
        var a = ActivationCases.Get(name);
        var range = (float)ActivationCases.Range(name);
        foreach (var x in new[] { -range, -range / 2, range / 2, range, -1e-30f, 1e-30f, 0f })
        {
            Assert.True(float.IsFinite(a.Forward32(x)), $"{name} f({x}) = {a.Forward32(x)}");
            Assert.True(float.IsFinite(a.Derivative32(x)), $"{name} f'({x}) = {a.Derivative32(x)}");
            Assert.True(float.IsFinite(a.SecondDerivative32(x)), $"{name} f''({x}) = {a.SecondDerivative32(x)}");
            Assert.True(float.IsFinite(a.DeviceDerivative(x)) && float.IsFinite(a.DeviceSecondDerivative(x)), $"{name} device derivatives at {x}");
        }
    }

    private static void Check(float[] points, Func<float, float> single, Func<double, double> reference, string name, string what)
    {
        var scale = Math.Max(1, points.Max(x => Math.Abs(reference(x))));
        foreach (var x in points)
        {
            var error = Math.Abs(single(x) - reference(x)) / scale;
            Assert.True(error <= Tolerance, $"{name} {what}({x:R}): float32 {single(x):R}, float64 {reference(x):R}, scaled error {error:0.0e+0}");
        }
    }
}
