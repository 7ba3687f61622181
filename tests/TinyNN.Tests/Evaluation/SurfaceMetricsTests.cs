using TinyNN.Evaluation;

namespace TinyNN.Tests.Evaluation;

/// <summary>
/// Surface metrics on sets whose nearest neighbours are known in closed form: a square grid on the plane
/// z = 0 (spacing h) and copies of it shifted, trimmed or with normals turned. Tolerances are float rounding
/// (1e-6 for distances below 1) unless a test states a sampling bound.
/// </summary>
public sealed class SurfaceMetricsTests
{
    private const int Side = 51;
    private const float Spacing = 0.02f; // grid covers [0, 1]², bounding-box diagonal √2

    [Fact]
    public void IdenticalSetsScorePerfectly()
    {
        var grid = Grid(0, 0, 0);
        var normals = Repeat(0, 0, 1, grid.Length / 3);
        var comparison = SurfaceMetrics.Compare(grid, grid, normals, normals);
        Assert.Equal(0, comparison.ChamferL1);
        Assert.Equal(1, comparison.FScore);
        Assert.Equal(1, comparison.Precision);
        Assert.Equal(1, comparison.Recall);
        Assert.Equal(1, comparison.NormalConsistency!.Value, 1e-12);
        Assert.Equal(0.01 * Math.Sqrt(2), comparison.Threshold, 1e-6);
        Assert.Equal(0, SurfaceMetrics.ChamferL1(grid, grid));
    }

    [Fact]
    public void ShiftAlongTheNormalGivesChamferEqualToTheShift()
    {
        const float epsilon = 0.005f; // smaller than h/2, so each point's nearest is its own shifted copy
        Assert.Equal(epsilon, SurfaceMetrics.ChamferL1(Grid(0, 0, 0), Grid(0, 0, epsilon)), 1e-6);
        // Shifted by half a cell in x as well: every nearest distance, edge columns included and in both
        // directions, is √(ε² + (h/2)²).
        var diagonal = Math.Sqrt(epsilon * epsilon + Spacing * Spacing / 4);
        Assert.Equal(diagonal, SurfaceMetrics.ChamferL1(Grid(0, 0, 0), Grid(Spacing / 2, 0, epsilon)), 1e-6);
    }

    [Fact]
    public void ChamferIsHalfTheSumOfTheTwoDirectedMeans()
    {
        // B = A plus one point 1 above A's corner: A→B is 0 everywhere, B→A is 0 except 1 for the extra point.
        var a = Grid(0, 0, 0);
        float[] b = [.. a, 0, 0, 1];
        var n = a.Length / 3;
        var comparison = SurfaceMetrics.Compare(a, b);
        Assert.Equal(0, comparison.Accuracy);
        Assert.Equal(1.0 / (n + 1), comparison.Completeness, 1e-9);
        Assert.Equal(0.5 / (n + 1), comparison.ChamferL1, 1e-9);
        Assert.Equal(n / (n + 1.0), comparison.Recall, 1e-12);
    }

    [Fact]
    public void FScoreCountsPointsCloserThanTheThreshold()
    {
        var grid = Grid(0, 0, 0);
        var tau = 0.01 * Math.Sqrt(2);
        Assert.Equal(1, SurfaceMetrics.Compare(Grid(0, 0, 0.01f), grid).FScore);
        Assert.Equal(0, SurfaceMetrics.Compare(Grid(0, 0, 0.02f), grid).FScore);
        // Every other point (checkerboard) lifted by 1: each lifted point's nearest neighbour left in the plane
        // is h = 0.02 > τ = 0.0141 away, so precision and recall are both the fraction left in place.
        var half = (float[])grid.Clone();
        var moved = 0;
        for (var i = 0; i < grid.Length / 3; i++)
        {
            if ((i % Side + i / Side) % 2 != 0) continue;
            half[3 * i + 2] += 1;
            moved++;
        }
        var kept = 1 - moved / (double)(grid.Length / 3);
        var comparison = SurfaceMetrics.Compare(half, grid);
        Assert.Equal(tau, comparison.Threshold, 1e-6);
        Assert.Equal(kept, comparison.Precision, 1e-12);
        Assert.Equal(kept, comparison.Recall, 1e-12);
        Assert.Equal(kept, comparison.FScore, 1e-12);
        Assert.Equal(1, SurfaceMetrics.Compare(half, grid, threshold: 1.5).FScore);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(180.0, 1.0)]  // orientation is ignored: |cos|
    [InlineData(60.0, 0.5)]
    [InlineData(90.0, 0.0)]
    public void NormalConsistencyIsTheMeanAbsoluteCosine(double degrees, double expected)
    {
        var grid = Grid(0, 0, 0);
        var n = grid.Length / 3;
        var angle = degrees * Math.PI / 180;
        var turned = Repeat((float)(3 * Math.Sin(angle)), 0, (float)(3 * Math.Cos(angle)), n); // length 3: normalised inside
        var comparison = SurfaceMetrics.Compare(grid, grid, Repeat(0, 0, 1, n), turned);
        Assert.Equal(expected, comparison.NormalConsistency!.Value, 1e-6);
    }

    [Fact]
    public void IouOfConcentricSpheresMatchesTheirVolumeRatio()
    {
        // Uniform points in [-1, 1]³; IoU = |r < 0.5| / |r < 0.55| estimates (0.5/0.55)³ = 0.7513. Given the
        // M points inside the larger sphere, the count inside the smaller is binomial: σ = √(p(1 − p)/M) ≈ 0.0023
        // for M ≈ 35k. Bound: 4σ.
        var random = new Random(11);
        const int count = 400_000;
        var small = new float[count];
        var large = new float[count];
        for (var i = 0; i < count; i++)
        {
            double x = random.NextDouble() * 2 - 1, y = random.NextDouble() * 2 - 1, z = random.NextDouble() * 2 - 1;
            var r = Math.Sqrt(x * x + y * y + z * z);
            small[i] = (float)(r - 0.5);
            large[i] = (float)(r - 0.55);
        }
        var insideLarge = SurfaceMetrics.Occupancy(large);
        var iou = SurfaceMetrics.Iou(SurfaceMetrics.Occupancy(small), insideLarge);
        var p = Math.Pow(0.5 / 0.55, 3);
        var sigma = Math.Sqrt(p * (1 - p) / insideLarge.Count(b => b));
        Assert.True(Math.Abs(iou - p) < 4 * sigma, $"IoU {iou:F4}, expected {p:F4} ± {4 * sigma:F4}");
        Assert.Equal(1, SurfaceMetrics.Iou(insideLarge, insideLarge));
        Assert.Equal(0, SurfaceMetrics.Iou([true, false], [false, true]));
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.Iou([false, false], [false, false]));
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.Iou([true], [true, false]));
    }

    [Fact]
    public void SdfErrorAndEikonalResidual()
    {
        Assert.Equal(0.2, SurfaceMetrics.MeanAbsoluteError([0.1f, -0.2f, 0.5f, 0], [0.1f, 0.2f, 0.3f, 0.2f]), 1e-6);
        // Unit gradients give 0; gradients of length 2 and 0.5 give 1 and 0.5.
        Assert.Equal(0, SurfaceMetrics.EikonalResidual([0.6f, 0.8f, 0, 0, 0, -1]), 1e-6);
        Assert.Equal(0.75, SurfaceMetrics.EikonalResidual([0, 2, 0, 0.3f, 0, 0.4f]), 1e-6);
        // The batched central-difference gradient of an exact SDF is unit length away from its kink.
        var random = new Random(3);
        var points = Enumerable.Range(0, 3 * 500).Select(_ => (float)(random.NextDouble() * 1.6 - 0.8)).ToArray();
        var gradients = new float[points.Length];
        SdfSampler.Gradient(AnalyticSdf.Sphere(0.5f, 0.9f, 0.9f, 0.9f), points, gradients, 1e-3f);
        Assert.True(SurfaceMetrics.EikonalResidual(gradients) < 1e-3, $"residual {SurfaceMetrics.EikonalResidual(gradients):0.0e+0}");
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.MeanAbsoluteError([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.EikonalResidual([]));
    }

    [Fact]
    public void BadInputIsRejectedWithTheValueInTheMessage()
    {
        var grid = Grid(0, 0, 0);
        var length = Assert.Throws<ArgumentException>(() => SurfaceMetrics.ChamferL1(grid, [1, 2]));
        Assert.Contains("multiple of 3", length.Message);
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.ChamferL1(grid, []));
        var zero = Assert.Throws<ArgumentException>(() => SurfaceMetrics.Compare(grid, grid, Repeat(0, 0, 0, grid.Length / 3), Repeat(0, 0, 1, grid.Length / 3)));
        Assert.Contains("[0]", zero.Message);
        Assert.Throws<ArgumentException>(() => SurfaceMetrics.Compare(grid, grid, Repeat(0, 0, 1, grid.Length / 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurfaceMetrics.Compare(grid, grid, threshold: -1));
    }

    private static float[] Grid(float dx, float dy, float z)
    {
        var points = new float[3 * Side * Side];
        for (var j = 0; j < Side; j++)
        {
            for (var i = 0; i < Side; i++)
            {
                var p = 3 * (j * Side + i);
                (points[p], points[p + 1], points[p + 2]) = (i * Spacing + dx, j * Spacing + dy, z);
            }
        }
        return points;
    }

    private static float[] Repeat(float x, float y, float z, int count) =>
        [.. Enumerable.Range(0, count).SelectMany(_ => new[] { x, y, z })];
}
