using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// The float64 reference (float64 positions) against central finite differences of its own lower-order passes:
/// dL₁/dx and dL₁/dθ from L₁ = ⟨y, b⟩; dL₂/dx, dL₂/d(dL₁/dy) and dL₂/dθ from L₂ = ⟨dL₁/dx, g⟩. Points are drawn
/// away from cell boundaries (every level's fraction in [0.02, 0.98]), where the encoding is a polynomial in x:
/// with h = 1e-6 the truncation error is ~h²·scale³ and rounding ~1e-16/h relative, so 1e-6 of the largest
/// component is a safe bound. L₁ and L₂ are linear in θ and b, so those differences are exact up to rounding.
/// </summary>
public sealed class GridReferenceTests
{
    private const double H = 1e-6;

    public static TheoryData<int, int, GridType, GridInterpolation> Cases => new()
    {
        { 2, 1, GridType.Dense, GridInterpolation.Linear },
        { 2, 2, GridType.Hash, GridInterpolation.Smoothstep },
        { 2, 4, GridType.Hash, GridInterpolation.Nearest },
        { 3, 2, GridType.Tiled, GridInterpolation.Smoothstep },
        { 3, 4, GridType.Hash, GridInterpolation.Linear },
        { 3, 8, GridType.Hash, GridInterpolation.Smoothstep },
        { 4, 1, GridType.Hash, GridInterpolation.Smoothstep },
        { 4, 2, GridType.Tiled, GridInterpolation.Linear },
    };

    [Theory, MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferencesOfTheForward(int dims, int features, GridType type, GridInterpolation interpolation)
    {
        var (layout, reference, x, b, _) = Create(dims, features, type, interpolation, seed: dims * 10 + features);
        var gradient = new double[layout.ParameterCount];
        var dx = reference.Backward(x, b, gradient);
        double L1(double[] xs, double[] ps) => Dot(new GridEncodingReference(layout, interpolation, ps, float32Positions: false).Forward(xs), b);
        AssertGradient(dx, i => Difference(x, i, xs => L1(xs, reference.Parameters)), "dL1/dx");
        AssertGradient(gradient, i => Difference(reference.Parameters, i, ps => L1(x, ps)), "dL1/dθ");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardBackwardMatchesFiniteDifferencesOfTheBackward(int dims, int features, GridType type, GridInterpolation interpolation)
    {
        var (layout, reference, x, b, g) = Create(dims, features, type, interpolation, seed: 100 + dims * 10 + features);
        var gradient = new double[layout.ParameterCount];
        var (dx, db) = reference.BackwardBackward(x, b, g, gradient);
        double L2(double[] xs, double[] ps, double[] bs) =>
            Dot(new GridEncodingReference(layout, interpolation, ps, float32Positions: false).Backward(xs, bs, new double[layout.ParameterCount]), g);
        AssertGradient(dx, i => Difference(x, i, xs => L2(xs, reference.Parameters, b)), "dL2/dx");
        AssertGradient(db, i => Difference(b, i, bs => L2(x, reference.Parameters, bs)), "dL2/d(dL1/dy)");
        AssertGradient(gradient, i => Difference(reference.Parameters, i, ps => L2(x, ps, b)), "dL2/dθ");
    }

    [Fact]
    public void Float32PositionsAgreeWithFloat64AwayFromBoundaries()
    {
        var (layout, reference, x, b, g) = Create(3, 2, GridType.Hash, GridInterpolation.Smoothstep, seed: 7);
        var exact = new GridEncodingReference(layout, GridInterpolation.Smoothstep, reference.Parameters, float32Positions: false);
        // float32 positions round x and p to 24 bits: a relative perturbation of ~1e-7 of each fraction.
        var y32 = reference.Forward(x);
        var y64 = exact.Forward(x);
        for (var i = 0; i < y32.Length; i++) Assert.Equal(y64[i], y32[i], 1e-5);
    }

    /// <summary>A small grid (3 levels, base 3, scale 1.6, 32-entry hash tables so hashed levels collide) with ±1 parameters.</summary>
    internal static (GridLayout Layout, GridEncodingReference Reference, double[] X, double[] B, double[] G) Create(
        int dims, int features, GridType type, GridInterpolation interpolation, int seed)
    {
        var layout = new GridLayout(dims, type, 3, features, 5, 3, 1.6f);
        var random = new Random(seed);
        double[] Vector(long n) => [.. Enumerable.Range(0, (int)n).Select(_ => random.NextDouble() * 2 - 1)];
        var reference = new GridEncodingReference(layout, interpolation, Vector(layout.ParameterCount), float32Positions: false);
        double[] x;
        do
        {
            x = [.. Enumerable.Range(0, dims).Select(_ => random.NextDouble())];
        }
        while (!AwayFromBoundaries(layout, x));
        return (layout, reference, x, Vector(layout.OutputWidth), Vector(dims));
    }

    private static bool AwayFromBoundaries(GridLayout layout, double[] x) =>
        layout.Levels.All(level => x.All(xi =>
        {
            var p = level.Scale * xi + 0.5;
            var t = p - Math.Floor(p);
            return t is > 0.02 and < 0.98;
        }));

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double Difference(double[] point, int i, Func<double[], double> f)
    {
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        plus[i] += H;
        minus[i] -= H;
        return (f(plus) - f(minus)) / (2 * H);
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
