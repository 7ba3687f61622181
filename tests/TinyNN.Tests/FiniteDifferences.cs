namespace TinyNN.Tests;

/// <summary>The finite-difference helpers the float64 references are checked with.</summary>
internal static class FiniteDifferences
{
    /// <summary>Central difference (step 1e-6, error O(h²) ≈ 1e-12 relative for smooth f) of f along coordinate i.</summary>
    public static double Central(double[] point, int i, Func<double[], double> f)
    {
        const double h = 1e-6;
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }

    public static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    /// <summary>Every component within 1e-6 of the largest one (at least 1e-3): FD rounding is about 1e-10 at h = 1e-6.</summary>
    public static void AssertGradient(double[] analytic, Func<int, double> finiteDifference, string what)
    {
        var scale = Math.Max(1e-3, analytic.Max(Math.Abs));
        for (var i = 0; i < analytic.Length; i++)
        {
            var fd = finiteDifference(i);
            Assert.True(Math.Abs(analytic[i] - fd) <= 1e-6 * scale, $"{what}[{i}]: analytic {analytic[i]:R}, finite difference {fd:R}");
        }
    }
}
