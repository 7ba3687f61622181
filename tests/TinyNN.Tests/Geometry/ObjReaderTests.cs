using System.Numerics;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>OBJ reading: every face-corner form, negative indices, fan triangulation, ignored statements, and errors that name file and line.</summary>
public sealed class ObjReaderTests : IDisposable
{
    private readonly TestMeshes.TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string Write(string name, string text)
    {
        var path = directory.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsEveryCornerFormNegativeIndicesAndPolygons()
    {
        var path = Write("forms.obj", """
            # a comment line
            mtllib none.mtl
            o thing
            v 0 0 0
            v 1 0 0
            v 1 1 0   # trailing comment
            v 0 1 0 1.0
            vt 0 0
            vt 1 0
            vt 1 1
            vt 0 1
            vn 0 0 1
            g group
            s off
            usemtl red
            f 1 2 3
            f 1/1 3/3 4/4
            f 1//1 2//1 4//1
            f 1/1/1 2/2/1 3/3/1 4/4/1
            f -4 -3 -2
            l 1 2
            """.Replace("\n", "\r\n"));

        var mesh = MeshReader.Read(path);

        Assert.Equal(new Vector3[] { new(0, 0, 0), new(1, 0, 0), new(1, 1, 0), new(0, 1, 0) }, mesh.Vertices.ToArray());
        // The quad is fanned from its first corner: (1 2 3 4) → (1 2 3), (1 3 4).
        Assert.Equal(new[] { 0, 1, 2, 0, 2, 3, 0, 1, 3, 0, 1, 2, 0, 2, 3, 0, 1, 2 }, mesh.Triangles.ToArray());
    }

    [Theory]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n", "line 4", "face index 9 is out of range; accepted 1..3")]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n", "line 4", "face index 0 is out of range")]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n", "line 4", "face index -4 is out of range")]
    [InlineData("f 1 2 3\nv 0 0 0\n", "line 1", "no vertices are defined before this line")]
    [InlineData("v 0 0 0\nv 1 0\n", "line 2", "a vertex needs 3 coordinates")]
    [InlineData("v 0 0 0\nv 1 x 0\n", "line 2", "vertex coordinate 'x' is not a finite number")]
    [InlineData("v 0 0 0\nv 1 0 nan\n", "line 2", "vertex coordinate 'nan' is not a finite number")]
    [InlineData("v 0 0 0\nv 1 0 0\nf 1 2\n", "line 3", "a face needs at least 3 vertices (got 2)")]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 a/3\n", "line 4", "face corner 'a/3' does not start with an integer")]
    public void MalformedLinesNameFileAndLine(string text, string line, string message)
    {
        var path = Write("bad.obj", text);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains($"{path} {line}: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FileWithoutFacesIsRefused()
    {
        var path = Write("points.obj", "v 0 0 0\nv 1 0 0\n");
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains("no faces", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void UnknownExtensionListsTheAcceptedOnes()
    {
        var path = Write("model.stl", "solid x\nendsolid x\n");
        var e = Assert.Throws<NotSupportedException>(() => MeshReader.Read(path));
        Assert.Contains("'.stl'", e.Message);
        Assert.Contains(".obj, .ply", e.Message);
    }

    [Fact]
    public void ExtensionIsMatchedWithoutRegardToCase()
    {
        var path = Write("upper.OBJ", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        Assert.Equal(1, MeshReader.Read(path).TriangleCount);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var path = directory.File("absent.obj");
        var e = Assert.Throws<FileNotFoundException>(() => MeshReader.Read(path));
        Assert.Contains("absent.obj", e.Message);
    }

    /// <summary>
    /// The Stanford bunny (Stanford 3D Scanning Repository, http://graphics.stanford.edu/data/3Dscanrep/, decimated by the
    /// npm package bunny@1.0.1), when the shared data folder is present (it is not in CI). It is open at the bottom, so
    /// this also exercises the sign's robustness to holes: points 1% of the size above or below area-sampled surface
    /// points must mostly get the sign their face normal predicts.
    /// </summary>
    [Fact]
    public void ReadsTheStanfordBunnyWhenPresent()
    {
        const string bunny = "/work/shared/data/bunny.obj";
        if (!File.Exists(bunny)) return;

        var mesh = MeshReader.Read(bunny).Normalized();
        Assert.Equal(1839, mesh.VertexCount);
        Assert.Equal(3674, mesh.TriangleCount);
        Assert.Equal(1.8f, mesh.Bounds.LongestSide, 1e-5f);

        var samples = mesh.SampleSurface(2000, new Random(7));
        var offsets = new float[2 * samples.Points.Length];
        for (var i = 0; i < samples.Points.Length; i++)
        {
            offsets[i] = samples.Points[i] + 0.018f * samples.Normals[i];
            offsets[samples.Points.Length + i] = samples.Points[i] - 0.018f * samples.Normals[i];
        }
        var signed = new MeshDistance(mesh).SignedDistances(offsets);
        var correct = signed.Take(samples.Count).Count(d => d > 0) + signed.Skip(samples.Count).Count(d => d < 0);
        Assert.True(correct >= 0.97 * signed.Length, $"{correct} of {signed.Length} offset points got the expected sign");
    }
}
