using TinyNN.Evaluation;

namespace TinyNN.Tests.Evaluation;

/// <summary>Batched evaluation (bounded batches, in order, every point once), central-difference gradients against the analytic gradient, and non-finite distances reported with their point.</summary>
public sealed class SdfSamplerTests
{
    [Fact]
    public void EvaluatesEveryPointOnceInBoundedBatches()
    {
        const int n = 150_000;
        var points = new float[3 * n];
        for (var i = 0; i < n; i++) points[3 * i] = i; // x = index, so each distance says which point it came from
        var calls = new List<int>();
        SdfBatch echo = (p, d) =>
        {
            calls.Add(d.Length);
            for (var i = 0; i < d.Length; i++) d[i] = p[3 * i];
        };
        var distances = new float[n];
        SdfSampler.Evaluate(echo, points, distances);
        Assert.Equal([SdfSampler.MaxBatch, SdfSampler.MaxBatch, n - 2 * SdfSampler.MaxBatch], calls);
        for (var i = 0; i < n; i++) Assert.Equal(i, distances[i]);
    }

    [Fact]
    public void GradientMatchesTheAnalyticGradient()
    {
        // Central differences of |p − c| − r with h = 1e-3: truncation error h²·|f'''|/6 ≈ 1e-6/|p − c|², float
        // rounding ≈ 6e-8/h ≈ 1e-4 per component. Bound: 5e-4 per component for points 0.1 or more from the centre.
        var random = new Random(5);
        var n = 20_000; // 120k probe points: two delegate calls
        var points = new float[3 * n];
        for (var i = 0; i < points.Length; i++) points[i] = (float)(random.NextDouble() * 2 - 1);
        var gradients = new float[3 * n];
        SdfSampler.Gradient(AnalyticSdf.Sphere(0.4f, 0.1f, -0.2f, 0.3f), points, gradients, 1e-3f);
        for (var i = 0; i < n; i++)
        {
            double x = points[3 * i] - 0.1, y = points[3 * i + 1] + 0.2, z = points[3 * i + 2] - 0.3;
            var r = Math.Sqrt(x * x + y * y + z * z);
            if (r < 0.1) continue;
            Assert.True(Math.Abs(gradients[3 * i] - x / r) < 5e-4 && Math.Abs(gradients[3 * i + 1] - y / r) < 5e-4
                        && Math.Abs(gradients[3 * i + 2] - z / r) < 5e-4, $"point {i}: ({gradients[3 * i]}, {gradients[3 * i + 1]}, {gradients[3 * i + 2]}) vs ({x / r}, {y / r}, {z / r})");
        }
    }

    [Fact]
    public void NonFiniteDistancesAndWrongLengthsAreReported()
    {
        SdfBatch broken = (p, d) =>
        {
            d.Fill(1);
            if (d.Length > 2) d[2] = float.PositiveInfinity;
        };
        var error = Assert.Throws<InvalidOperationException>(() => SdfSampler.Evaluate(broken, [0, 0, 0, 1, 1, 1, 2, 3, 4], new float[3]));
        Assert.Contains("point 2 (2, 3, 4)", error.Message);
        Assert.Contains("Infinity", error.Message);
        Assert.Throws<ArgumentException>(() => SdfSampler.Evaluate(broken, [0, 0, 0, 1], new float[1]));
        Assert.Throws<ArgumentException>(() => SdfSampler.Evaluate(broken, [0, 0, 0], new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSampler.Gradient(broken, [0, 0, 0], new float[3], 0));
    }
}
