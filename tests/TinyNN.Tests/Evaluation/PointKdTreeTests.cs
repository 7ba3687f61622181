using TinyNN.Evaluation;

namespace TinyNN.Tests.Evaluation;

/// <summary>
/// Nearest neighbours from the k-d tree against brute force over every point, on random, clustered (with exact
/// duplicates), planar and degenerate sets. Distances must be equal exactly: both compute the same float sum
/// of squares for the same pair, and any tie has the same distance whichever point wins it.
/// </summary>
public sealed class PointKdTreeTests
{
    public static TheoryData<string> Sets() => ["uniform", "clustered", "planar", "line", "single", "identical"];

    [Theory, MemberData(nameof(Sets))]
    public void NearestMatchesBruteForce(string kind)
    {
        var random = new Random(kind.Length);
        var points = MakeSet(kind, random);
        var queries = Enumerable.Range(0, 3 * 700).Select(_ => (float)(random.NextDouble() * 3 - 1.5)).ToList();
        queries.AddRange(points.Take(3 * 50)); // queries sitting exactly on points
        var tree = new PointKdTree(points);
        var n = queries.Count / 3;
        var indices = new int[n];
        var distances = new float[n];
        tree.FindNearest(queries.ToArray(), indices, distances);

        for (var q = 0; q < n; q++)
        {
            var best = float.PositiveInfinity;
            for (var p = 0; p < points.Length / 3; p++) best = MathF.Min(best, Squared(queries, q, points, p));
            Assert.Equal(MathF.Sqrt(best), distances[q]);
            Assert.Equal(best, Squared(queries, q, points, indices[q]));
            Assert.Equal((indices[q], distances[q]), tree.FindNearest(queries[3 * q], queries[3 * q + 1], queries[3 * q + 2]));
        }
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new PointKdTree([]));
        Assert.Throws<ArgumentException>(() => new PointKdTree([1, 2]));
        var nan = Assert.Throws<ArgumentException>(() => new PointKdTree([0, 0, 0, 1, float.NaN, 0]));
        Assert.Contains("point 1", nan.Message);
        var tree = new PointKdTree([0, 0, 0]);
        Assert.Throws<ArgumentException>(() => tree.FindNearest([0, 0, 0], new int[2], new float[1]));
        Assert.Throws<ArgumentException>(() => tree.FindNearest(float.NaN, 0, 0));
    }

    private static float[] MakeSet(string kind, Random random)
    {
        float R() => (float)(random.NextDouble() * 2 - 1);
        var points = new List<float>();
        switch (kind)
        {
            case "uniform":
                for (var i = 0; i < 3 * 3000; i++) points.Add(R());
                break;
            case "clustered":
                for (var c = 0; c < 20; c++)
                {
                    float cx = R(), cy = R(), cz = R();
                    for (var i = 0; i < 100; i++) points.AddRange([cx + 0.01f * R(), cy + 0.01f * R(), cz + 0.01f * R()]);
                    for (var i = 0; i < 10; i++) points.AddRange([cx, cy, cz]);
                }
                break;
            case "planar":
                for (var i = 0; i < 2000; i++) points.AddRange([R(), R(), 0.25f]);
                break;
            case "line":
                for (var i = 0; i < 1000; i++) points.AddRange([R(), 0.5f, -0.5f]);
                break;
            case "single":
                points.AddRange([0.1f, 0.2f, 0.3f]);
                break;
            case "identical":
                for (var i = 0; i < 100; i++) points.AddRange([0.3f, -0.2f, 0.1f]);
                break;
        }
        return [.. points];
    }

    private static float Squared(IReadOnlyList<float> a, int i, float[] b, int j)
    {
        float dx = a[3 * i] - b[3 * j], dy = a[3 * i + 1] - b[3 * j + 1], dz = a[3 * i + 2] - b[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }
}
