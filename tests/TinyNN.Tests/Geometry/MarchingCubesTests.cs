using System.Numerics;
using TinyNN.Geometry;
using Xunit.Abstractions;

namespace TinyNN.Tests.Geometry;

/// <summary>
/// Marching cubes: a sphere's area and volume against the closed forms, closedness and outward orientation on smooth
/// and on random fields (which hit all 256 corner patterns, ambiguous faces included), and the grid layout contract.
/// </summary>
public sealed class MarchingCubesTests(ITestOutputHelper output)
{
    private static readonly Vector3 Centre = new(0.03f, -0.02f, 0.01f);

    private static float Sphere(Vector3 p, float radius) => Vector3.Distance(p, Centre) - radius;

    /// <summary>
    /// A sphere of radius 0.6 on a 64³ grid over [−1, 1]³ (19 cells a radius): area and volume within 0.5% of 4πr² and
    /// 4πr³/3 (measured −0.09% and −0.17%; the error is O(h²)), every edge shared by exactly two triangles in opposite
    /// directions, positive signed volume and outward face normals.
    /// </summary>
    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void SphereIsClosedOutwardAndAccurate(float isovalue)
    {
        const float radius = 0.6f;
        var mesh = MarchingCubes.Extract(p => Sphere(p, radius), 64, Box3.Cube(1), isovalue);
        var r = radius + isovalue;
        var areaError = mesh.SurfaceArea() / (4 * Math.PI * r * r) - 1;
        var volumeError = mesh.SignedVolume() / (4 * Math.PI * r * r * r / 3) - 1;
        output.WriteLine($"isovalue {isovalue}: {mesh.TriangleCount} triangles, area error {areaError:P3}, volume error {volumeError:P3}");
        Assert.InRange(areaError, -0.005, 0.005);
        Assert.InRange(volumeError, -0.005, 0.005);
        Assert.Equal((0, 0), TestMeshes.EdgeDefects(mesh));
        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            var (a, b, c) = mesh.Corners(t);
            var n = mesh.FaceNormal(t);
            if (n != Vector3.Zero) Assert.True(Vector3.Dot(n, (a + b + c) / 3 - Centre) > 0, $"triangle {t} faces inward");
            Assert.InRange(Vector3.Distance((a + b + c) / 3, Centre), r - 0.01f, r + 0.01f);
        }
    }

    /// <summary>
    /// White noise on a 14³ grid, positive on the boundary so that the surface cannot leave the grid: every corner pattern
    /// occurs, ambiguous faces included, and the result must still be closed and consistently oriented with a positive
    /// enclosed volume; also with values exactly at the isovalue, which put vertices on grid points.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomFieldsGiveClosedConsistentSurfaces(int seed)
    {
        const int n = 14;
        var random = new Random(seed);
        var values = new float[n * n * n];
        var patterns = new HashSet<int>();
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    var boundary = i == 0 || j == 0 || k == 0 || i == n - 1 || j == n - 1 || k == n - 1;
                    var value = seed == 3 ? random.Next(-1, 2) : random.NextSingle() * 2 - 1;
                    values[i + n * (j + n * k)] = boundary ? 1 : value;
                }
            }
        }
        for (var k = 1; k < n - 2; k++)
        {
            for (var j = 1; j < n - 2; j++)
            {
                for (var i = 1; i < n - 2; i++)
                {
                    var pattern = 0;
                    for (var c = 0; c < 8; c++)
                    {
                        if (values[i + (c & 1 ^ (c >> 1) & 1) + n * (j + ((c >> 1) & 1) + n * (k + (c >> 2)))] < 0) pattern |= 1 << c;
                    }
                    patterns.Add(pattern);
                }
            }
        }
        var mesh = MarchingCubes.Extract(values, n, Box3.Cube(1));
        output.WriteLine($"seed {seed}: {patterns.Count} corner patterns, {mesh.TriangleCount} triangles, volume {mesh.SignedVolume():0.000}");
        Assert.True(patterns.Count > 150, $"only {patterns.Count} corner patterns exercised");
        Assert.Equal((0, 0), TestMeshes.EdgeDefects(mesh));
        Assert.True(mesh.SignedVolume() > 0);
    }

    [Fact]
    public void GridPointsDescribeTheValueLayout()
    {
        var box = new Box3(new Vector3(-1, -0.5f, 0), new Vector3(1, 1.5f, 0.8f));
        const int n = 9;
        var points = MarchingCubes.GridPoints(n, box);
        Assert.Equal(3 * n * n * n, points.Length);
        // Sample (i, j, k) = (2, 5, 7) sits at index i + n(j + nk), at Min + Size·(i, j, k)/(n − 1).
        var index = 3 * (2 + n * (5 + n * 7));
        Assert.Equal(new Vector3(-1 + 2 * 2 / 8f, -0.5f + 2 * 5 / 8f, 0.8f * 7 / 8f), new Vector3(points[index], points[index + 1], points[index + 2]));
        var slices = MarchingCubes.GridPoints(n, box, 3, 2);
        Assert.Equal(points.AsSpan(3 * n * n * 3, 3 * n * n * 2).ToArray(), slices);
        Assert.Contains("slices 8..9 are not a non-empty range within 0..8",
            Assert.Throws<ArgumentOutOfRangeException>(() => MarchingCubes.GridPoints(n, box, 8, 2)).Message);

        var values = new float[n * n * n];
        for (var i = 0; i < values.Length; i++) values[i] = Sphere(new Vector3(points[3 * i], points[3 * i + 1], points[3 * i + 2]), 0.5f);
        var fromValues = MarchingCubes.Extract(values, n, box);
        var fromField = MarchingCubes.Extract(p => Sphere(p, 0.5f), n, box);
        Assert.True(fromValues.TriangleCount > 0);
        Assert.Equal(fromField.Vertices.ToArray(), fromValues.Vertices.ToArray());
        Assert.Equal(fromField.Triangles.ToArray(), fromValues.Triangles.ToArray());
    }

    [Fact]
    public void FieldWithoutCrossingGivesAnEmptyMesh()
    {
        var mesh = MarchingCubes.Extract(_ => 1f, 4, Box3.Cube(1));
        Assert.Equal(0, mesh.TriangleCount);
        Assert.Equal(0, mesh.VertexCount);
    }

    [Fact]
    public void InvalidGridsAreRefused()
    {
        Assert.Contains("resolution must be 2..1290 samples per axis (got 1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => MarchingCubes.Extract(new float[1], 1, Box3.Cube(1))).Message);
        Assert.Contains("a 3³ grid needs 27 values (got 26)",
            Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[26], 3, Box3.Cube(1))).Message);
        var values = new float[27];
        values[14] = float.NaN;
        Assert.Contains("grid value 14 (i=2, j=1, k=1) is NaN",
            Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(values, 3, Box3.Cube(1))).Message);
        Assert.Contains("Max > Min on every axis",
            Assert.Throws<ArgumentException>(() => MarchingCubes.Extract(new float[27], 3, new Box3(Vector3.Zero, new Vector3(1, 0, 1)))).Message);
    }
}
