using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// What makes a mesh a poor SDF target, found before training: open boundaries (edges of one triangle) and
/// non-manifold edges (shared by more than two) leave inside and outside to the winding number's guess near them,
/// and extents that are degenerate (a flat or needle-like mesh) or so large that float32 loses them collapse under
/// normalisation. Vertices are matched by position, so split vertices (OBJ seams) do not count as boundaries.
/// </summary>
public sealed record MeshDiagnostics(int BoundaryEdges, int NonManifoldEdges, int DegenerateTriangles, Vector3 Extent, double Magnitude)
{
    /// <summary>A side shorter than this fraction of the longest one is degenerate (a flat or needle-like mesh).</summary>
    public const double FlatRatio = 1e-4;

    /// <summary>Coordinates beyond this magnitude lose the precision float32 geometry needs.</summary>
    public const double HugeCoordinate = 1e15;

    /// <summary>Counts the open and non-manifold edges and measures the extents of <paramref name="mesh"/> (as read, before normalisation).</summary>
    public static MeshDiagnostics Of(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var vertices = mesh.Vertices;
        var triangles = mesh.Triangles;
        // One id per distinct position, so that seams with duplicated vertices are not boundaries.
        var ids = new Dictionary<Vector3, int>();
        var canonical = new int[vertices.Length];
        for (var i = 0; i < vertices.Length; i++)
        {
            if (!ids.TryGetValue(vertices[i], out var id)) ids[vertices[i]] = id = ids.Count;
            canonical[i] = id;
        }
        var edges = new Dictionary<(int, int), int>();
        var degenerate = 0;
        for (var t = 0; t < triangles.Length; t += 3)
        {
            int a = canonical[triangles[t]], b = canonical[triangles[t + 1]], c = canonical[triangles[t + 2]];
            if (a == b || b == c || a == c)
            {
                degenerate++;
                continue;
            }
            foreach (var (u, v) in new[] { (a, b), (b, c), (c, a) })
            {
                var key = u < v ? (u, v) : (v, u);
                edges[key] = edges.GetValueOrDefault(key) + 1;
            }
        }
        var bounds = mesh.Bounds;
        return new MeshDiagnostics(edges.Values.Count(n => n == 1), edges.Values.Count(n => n > 2), degenerate, bounds.Size,
            Math.Max(MaxAbs(bounds.Min), MaxAbs(bounds.Max)));
    }

    /// <summary>Whether every edge joins exactly two triangles: a closed, manifold surface with a well-defined inside.</summary>
    public bool IsWatertight => BoundaryEdges == 0 && NonManifoldEdges == 0;

    /// <summary>Warnings a user should read before trusting the result (empty when there are none), one a line.</summary>
    public IReadOnlyList<string> Warnings(string name)
    {
        var warnings = new List<string>();
        if (BoundaryEdges > 0 || NonManifoldEdges > 0)
        {
            warnings.Add($"{name}: the mesh is not closed ({BoundaryEdges} open boundary edges, {NonManifoldEdges} non-manifold edges): inside and "
                + "outside come from the generalised winding number, which guesses near holes (a mostly open surface gives an unreliable sign "
                + "and a low IoU); close the holes for a trustworthy SDF");
        }
        if (DegenerateTriangles > 0) warnings.Add($"{name}: {DegenerateTriangles} triangles have coinciding corners and are ignored by the edge checks");
        var longest = Math.Max(Extent.X, Math.Max(Extent.Y, Extent.Z));
        var shortest = Math.Min(Extent.X, Math.Min(Extent.Y, Extent.Z));
        if (!float.IsFinite(longest) || Magnitude > HugeCoordinate)
        {
            warnings.Add($"{name}: coordinates reach {Magnitude:0.###e+0} (beyond ±{HugeCoordinate:0e+0}): float32 cannot resolve the shape there, "
                + "and normalising into [-1, 1]³ may collapse it; rescale the mesh");
        }
        else if (longest <= 0 || shortest < FlatRatio * longest)
        {
            warnings.Add($"{name}: the mesh is degenerate: its extent is {Extent.X:g4} × {Extent.Y:g4} × {Extent.Z:g4}, one side under {FlatRatio:0e+0} of the "
                + "longest, so it normalises to a sliver with no inside; a neural SDF needs a solid");
        }
        return warnings;
    }

    private static double MaxAbs(Vector3 v) => Math.Max(Math.Abs((double)v.X), Math.Max(Math.Abs((double)v.Y), Math.Abs((double)v.Z)));
}
