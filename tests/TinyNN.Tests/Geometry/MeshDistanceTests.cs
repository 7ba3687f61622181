using System.Numerics;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>
/// Unsigned distance: the point-triangle kernel against dense sampling of the triangle, the BVH search against brute
/// force over every triangle, and the whole against the exact distance to a sphere.
/// </summary>
public sealed class MeshDistanceTests
{
    private static Vector3 RandomPoint(Random random, float half) =>
        new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1) * half;

    /// <summary>
    /// The kernel's distance is never more than a dense barycentric grid's minimum (it is the true minimum), and the grid
    /// (spacing h = 1/400 of the edges) comes within h·(longest edge) of it. Degenerate triangles included.
    /// </summary>
    [Fact]
    public void ClosestPointOnTriangleMatchesDenseSampling()
    {
        var random = new Random(11);
        const int steps = 400;
        for (var trial = 0; trial < 60; trial++)
        {
            var a = RandomPoint(random, 1);
            var b = RandomPoint(random, 1);
            var c = (trial % 6) switch { 0 => a, 1 => b + 0.3f * (b - a), _ => RandomPoint(random, 1) };
            var p = RandomPoint(random, 2);
            var closest = TriangleGeometry.ClosestPoint(p, a, b, c);
            var kernel = Vector3.Distance(p, closest);

            var grid = double.PositiveInfinity;
            for (var i = 0; i <= steps; i++)
            {
                for (var j = 0; j <= steps - i; j++)
                {
                    var q = a + (b - a) * (i / (float)steps) + (c - a) * (j / (float)steps);
                    grid = Math.Min(grid, Vector3.Distance(p, q));
                }
            }
            var longest = Math.Max(Vector3.Distance(a, b), Math.Max(Vector3.Distance(b, c), Vector3.Distance(c, a)));
            Assert.True(kernel <= grid + 1e-5, $"trial {trial}: kernel {kernel} exceeds the sampled minimum {grid}");
            Assert.True(grid - kernel <= longest / steps + 1e-5, $"trial {trial}: kernel {kernel} far below the sampled minimum {grid}");
        }
    }

    [Fact]
    public void FaceRegionDistanceIsThePlaneDistance()
    {
        var a = new Vector3(0, 0, 0);
        var b = new Vector3(2, 0, 0);
        var c = new Vector3(0, 2, 0);
        var closest = TriangleGeometry.ClosestPoint(new Vector3(0.5f, 0.25f, -3), a, b, c);
        Assert.Equal(new Vector3(0.5f, 0.25f, 0), closest);
        Assert.Equal(new Vector3(1, 1, 0), TriangleGeometry.ClosestPoint(new Vector3(3, 3, 1), a, b, c));
        Assert.Equal(b, TriangleGeometry.ClosestPoint(new Vector3(5, -1, 0), a, b, c));
    }

    [Fact]
    public void BvhSearchEqualsBruteForceOnARandomSoup()
    {
        var random = new Random(5);
        var mesh = TestMeshes.RandomSoup(800, random);
        var distance = new MeshDistance(mesh);
        var points = new float[3 * 500];
        for (var i = 0; i < points.Length; i++) points[i] = (random.NextSingle() * 2 - 1) * 1.5f;
        var batch = distance.Distances(points);
        for (var i = 0; i < batch.Length; i++)
        {
            var p = new Vector3(points[3 * i], points[3 * i + 1], points[3 * i + 2]);
            var brute = float.PositiveInfinity;
            for (var t = 0; t < mesh.TriangleCount; t++)
            {
                var (a, b, c) = mesh.Corners(t);
                brute = MathF.Min(brute, Vector3.Distance(p, TriangleGeometry.ClosestPoint(p, a, b, c)));
            }
            // Same kernel on both sides, so any difference is the search pruning a triangle it should not have.
            Assert.Equal(brute, batch[i]);
            var single = distance.ClosestPoint(p);
            Assert.Equal(brute, single.Distance);
            var (ta, tb, tc) = mesh.Corners(single.Triangle);
            Assert.Equal(single.Point, TriangleGeometry.ClosestPoint(p, ta, tb, tc));
        }
    }

    /// <summary>
    /// The icosphere (level 4, 5120 faces) lies between radius 1 − ε and 1, with ε its sagitta, so its distance differs from
    /// the unit sphere's, ||p| − 1|, by at most ε (plus float rounding).
    /// </summary>
    [Fact]
    public void DistanceToIcosphereMatchesTheSphereWithinTheSagitta()
    {
        var mesh = TestMeshes.Icosphere(4);
        var sagitta = TestMeshes.SagittaOfUnitSphereMesh(mesh);
        Assert.InRange(sagitta, 1e-4, 2e-3);
        var distance = new MeshDistance(mesh);
        var random = new Random(2);
        var worst = 0.0;
        for (var i = 0; i < 2000; i++)
        {
            var p = RandomPoint(random, 2);
            var error = Math.Abs(distance.Distance(p) - Math.Abs(p.Length() - 1));
            worst = Math.Max(worst, error);
        }
        Assert.True(worst <= sagitta + 1e-5, $"worst |mesh − sphere| = {worst}, sagitta {sagitta}");
        Assert.True(worst >= 0.1 * sagitta, $"worst error {worst} is implausibly far below the sagitta {sagitta}");
    }

    [Fact]
    public void InvalidQueriesAreRefused()
    {
        var distance = new MeshDistance(TestMeshes.Icosphere(0));
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => distance.Distance(new Vector3(float.NaN, 0, 0))).Message);
        Assert.Contains("3 floats a point (got 4 floats)", Assert.Throws<ArgumentException>(() => distance.Distances(new float[4])).Message);
        Assert.Contains("point 1 has a non-finite coordinate",
            Assert.Throws<ArgumentException>(() => distance.SignedDistances([0, 0, 0, 0, float.PositiveInfinity, 0])).Message);
        Assert.Contains("beta must be finite and ≥ 1 (got 0.5)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new MeshDistance(TestMeshes.Icosphere(0), 0.5f)).Message);
        Assert.Contains("without triangles",
            Assert.Throws<ArgumentException>(() => new MeshDistance(new TriangleMesh([Vector3.Zero], []))).Message);
    }
}
