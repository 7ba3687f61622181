using System.Numerics;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>Open boundaries, non-manifold edges and degenerate extents are counted and worded as warnings; closed meshes get none.</summary>
public sealed class MeshDiagnosticsTests
{
    private static readonly Vector3[] Tetrahedron = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(0, 0, 1)];
    private static readonly int[] TetrahedronFaces = [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3];

    [Fact]
    public void AClosedMeshHasNoWarningsEvenWithSplitVertices()
    {
        Assert.Empty(MeshDiagnostics.Of(TestMeshes.Icosphere(2)).Warnings("sphere.obj"));
        // The same tetrahedron with every face's corners duplicated (as OBJ seams do) is still closed.
        var split = TetrahedronFaces.Select(i => Tetrahedron[i]).ToArray();
        var diagnostics = MeshDiagnostics.Of(new TriangleMesh(split, [.. Enumerable.Range(0, split.Length)]));
        Assert.True(diagnostics.IsWatertight);
        Assert.Empty(diagnostics.Warnings("tetra.obj"));
    }

    [Fact]
    public void OpenAndNonManifoldEdgesAreCounted()
    {
        var open = MeshDiagnostics.Of(new TriangleMesh(Tetrahedron, TetrahedronFaces[..9]));
        Assert.Equal(3, open.BoundaryEdges);
        Assert.Equal(0, open.NonManifoldEdges);
        Assert.Contains("not closed (3 open boundary edges, 0 non-manifold edges)", Assert.Single(open.Warnings("half.obj")));

        // A fin: a third triangle on the edge 0–1 of a closed tetrahedron.
        var fin = MeshDiagnostics.Of(new TriangleMesh([.. Tetrahedron, new Vector3(0.5f, -1, 0)], [.. TetrahedronFaces, 0, 1, 4]));
        Assert.Equal(1, fin.NonManifoldEdges);
        Assert.Equal(2, fin.BoundaryEdges);
    }

    [Fact]
    public void FlatAndHugeMeshesAreDegenerate()
    {
        var flat = MeshDiagnostics.Of(new TriangleMesh([new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(1, 1, 0)], [0, 1, 2, 1, 3, 2]));
        Assert.Contains(flat.Warnings("flat.obj"), w => w.Contains("degenerate", StringComparison.Ordinal) && w.Contains("sliver", StringComparison.Ordinal));

        var huge = MeshDiagnostics.Of(new TriangleMesh([.. Tetrahedron.Select(v => v * 1e30f)], TetrahedronFaces));
        Assert.Contains("huge.obj: coordinates reach 1e+30", Assert.Single(huge.Warnings("huge.obj")));
    }
}
