using System.Numerics;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>Mesh validation, bounds, normalisation, area and volume against closed forms, and area-weighted sampling.</summary>
public sealed class TriangleMeshTests
{
    /// <summary>The unit cube [0,1]³ as 12 outward triangles.</summary>
    private static TriangleMesh UnitCube()
    {
        var v = new Vector3[8];
        for (var i = 0; i < 8; i++) v[i] = new Vector3(i & 1, (i >> 1) & 1, (i >> 2) & 1);
        int[] quads = [0, 2, 3, 1, 4, 5, 7, 6, 0, 1, 5, 4, 2, 6, 7, 3, 0, 4, 6, 2, 1, 3, 7, 5];
        var triangles = new List<int>();
        for (var q = 0; q < quads.Length; q += 4) triangles.AddRange([quads[q], quads[q + 1], quads[q + 2], quads[q], quads[q + 2], quads[q + 3]]);
        return new TriangleMesh(v, triangles.ToArray());
    }

    [Fact]
    public void CubeHasClosedFormAreaVolumeAndOutwardNormals()
    {
        var cube = UnitCube();
        Assert.Equal(6.0, cube.SurfaceArea(), 12);
        Assert.Equal(1.0, cube.SignedVolume(), 12);
        Assert.Equal((0, 0), TestMeshes.EdgeDefects(cube));
        for (var t = 0; t < cube.TriangleCount; t++)
        {
            var (a, b, c) = cube.Corners(t);
            Assert.True(Vector3.Dot(cube.FaceNormal(t), (a + b + c) / 3 - new Vector3(0.5f)) > 0, $"triangle {t} faces inward");
        }
    }

    [Fact]
    public void NormalizedCentresAndFitsTheLongestSideToTheMargin()
    {
        var stretched = UnitCube().Transformed(new UniformTransform(3f, new Vector3(10, -4, 2)));
        var box = new TriangleMesh(
            stretched.Vertices.ToArray().Select(v => v * new Vector3(1, 0.5f, 0.25f)).ToArray(), stretched.Triangles);
        var transform = box.Normalization();
        var normalized = box.Normalized();
        // Float rounding of coordinates of size ≤ 14: a few ulps.
        AssertClose(Vector3.Zero, normalized.Bounds.Center, 1e-6f);
        AssertClose(new Vector3(1.8f, 0.9f, 0.45f), normalized.Bounds.Size, 1e-6f);
        Assert.Equal(1.8f, normalized.Bounds.LongestSide, 1e-6f);
        AssertClose(box.Vertices[5], transform.Inverse.Apply(normalized.Vertices[5]), 1e-5f);
        Assert.Equal(0.5f, box.Normalized(0.25f).Bounds.LongestSide, 1e-6f);
    }

    private static void AssertClose(Vector3 expected, Vector3 actual, float tolerance) =>
        Assert.True(Vector3.Distance(expected, actual) <= tolerance, $"expected {expected}, got {actual}");

    [Fact]
    public void SamplesAreOnTheSurfaceWithTheirFaceNormalAndSpreadByArea()
    {
        // Two disjoint triangles, the second with 3× the area: about a quarter of the samples land on the first.
        var mesh = new TriangleMesh(
            [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(0, 0, 5), new(0, 3, 5), new(1, 0, 5), new(2, 2, 2)],
            [0, 1, 2, 3, 4, 5, 6, 6, 6]);
        const int count = 20000;
        var samples = mesh.SampleSurface(count, new Random(3));
        Assert.Equal(count, samples.Count);
        var onFirst = 0;
        for (var i = 0; i < count; i++)
        {
            var p = new Vector3(samples.Points[3 * i], samples.Points[3 * i + 1], samples.Points[3 * i + 2]);
            var n = new Vector3(samples.Normals[3 * i], samples.Normals[3 * i + 1], samples.Normals[3 * i + 2]);
            if (p.Z == 0)
            {
                onFirst++;
                Assert.True(p.X >= 0 && p.Y >= 0 && p.X + p.Y <= 1 + 1e-6f, $"sample {p} is off the first triangle");
                Assert.Equal(Vector3.UnitZ, n);
            }
            else
            {
                Assert.Equal(5f, p.Z);
                Assert.True(p.X >= 0 && p.Y >= 0 && p.X + p.Y / 3 <= 1 + 1e-6f, $"sample {p} is off the second triangle");
                Assert.Equal(-Vector3.UnitZ, n);
            }
        }
        // Binomial(20000, 1/4): standard deviation ≈ 61; 5σ bounds.
        Assert.InRange(onFirst, 5000 - 310, 5000 + 310);
    }

    [Fact]
    public void InvalidInputIsRefusedWithItsValue()
    {
        Vector3[] v = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0)];
        Assert.Contains("triangle 0 refers to vertex 3, out of range 0..2",
            Assert.Throws<ArgumentException>(() => new TriangleMesh(v, [0, 1, 3])).Message);
        Assert.Contains("3 a triangle (got 4 indices)", Assert.Throws<ArgumentException>(() => new TriangleMesh(v, [0, 1, 2, 0])).Message);
        Assert.Contains("vertex 1 has a non-finite coordinate",
            Assert.Throws<ArgumentException>(() => new TriangleMesh([v[0], new(float.NaN, 0, 0), v[2]], [0, 1, 2])).Message);
        var mesh = new TriangleMesh(v, [0, 1, 2]);
        Assert.Contains("margin must be in (0, 1] (got 1.5)", Assert.Throws<ArgumentOutOfRangeException>(() => mesh.Normalized(1.5f)).Message);
        Assert.Contains("sample count must be ≥ 1 (got 0)", Assert.Throws<ArgumentOutOfRangeException>(() => mesh.SampleSurface(0, new Random())).Message);
        var flat = new TriangleMesh(v, [0, 1, 1]);
        Assert.Contains("area 0", Assert.Throws<InvalidOperationException>(() => flat.SampleSurface(1, new Random())).Message);
        Assert.Contains("triangle 1 is out of range 0..0", Assert.Throws<ArgumentOutOfRangeException>(() => mesh.Corners(1)).Message);
    }

    [Fact]
    public void RoundTripsThroughObjAndPly()
    {
        using var directory = new TestMeshes.TempDirectory();
        var mesh = TestMeshes.Icosphere(2).Transformed(new UniformTransform(0.37f, new Vector3(0.1f, -2.5f, 1e-3f)));
        foreach (var name in new[] { "sphere.obj", "sphere.ply" })
        {
            var path = directory.File(name);
            File.WriteAllText(path, "stale content the writer must replace");
            if (name.EndsWith(".obj")) MeshWriter.WriteObj(mesh, path); else MeshWriter.WritePly(mesh, path);
            var back = MeshReader.Read(path);
            // OBJ coordinates are written with round-trip precision and PLY as the floats themselves: both exact.
            Assert.Equal(mesh.Vertices.ToArray(), back.Vertices.ToArray());
            Assert.Equal(mesh.Triangles.ToArray(), back.Triangles.ToArray());
        }
        Assert.Equal(new[] { "sphere.obj", "sphere.ply" }, Directory.GetFiles(directory.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void WriterRefusesAMissingDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "tinynn-no-such-dir-" + Guid.NewGuid().ToString("N"), "x.ply");
        var e = Assert.Throws<DirectoryNotFoundException>(() => MeshWriter.WritePly(TestMeshes.Icosphere(0), path));
        Assert.Contains("does not exist", e.Message);
    }
}
