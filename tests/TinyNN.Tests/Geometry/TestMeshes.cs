using System.Numerics;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>Reference meshes built here, independently of the library, and mesh checks the tests share.</summary>
internal static class TestMeshes
{
    /// <summary>
    /// A unit icosphere: the icosahedron subdivided <paramref name="subdivisions"/> times (each triangle into four,
    /// midpoints pushed onto the sphere), faces oriented outward. 20·4^s triangles, closed.
    /// </summary>
    public static TriangleMesh Icosphere(int subdivisions)
    {
        var phi = (1 + MathF.Sqrt(5)) / 2;
        var vertices = new List<Vector3>();
        foreach (var (a, b) in new[] { (-1f, phi), (1f, phi), (-1f, -phi), (1f, -phi) })
        {
            vertices.Add(new Vector3(a, b, 0));
            vertices.Add(new Vector3(0, a, b));
            vertices.Add(new Vector3(b, 0, a));
        }
        for (var i = 0; i < vertices.Count; i++) vertices[i] = Vector3.Normalize(vertices[i]);
        // The 20 faces: the triples of mutually adjacent vertices (edge length 2 before normalising).
        var edge = Vector3.Distance(vertices[0], vertices[1]);
        foreach (var v in vertices) edge = MathF.Min(edge, vertices.Where(w => w != v).Min(w => Vector3.Distance(v, w)));
        bool Adjacent(int p, int q) => Vector3.Distance(vertices[p], vertices[q]) < edge * 1.01f;
        var faces = new List<(int, int, int)>();
        for (var p = 0; p < 12; p++)
        {
            for (var q = p + 1; q < 12; q++)
            {
                for (var r = q + 1; r < 12; r++)
                {
                    if (Adjacent(p, q) && Adjacent(q, r) && Adjacent(p, r)) faces.Add(Outward(vertices, p, q, r));
                }
            }
        }
        Assert.Equal(20, faces.Count);

        for (var s = 0; s < subdivisions; s++)
        {
            var midpoints = new Dictionary<(int, int), int>();
            int Midpoint(int p, int q)
            {
                var key = p < q ? (p, q) : (q, p);
                if (!midpoints.TryGetValue(key, out var m))
                {
                    m = vertices.Count;
                    vertices.Add(Vector3.Normalize(vertices[p] + vertices[q]));
                    midpoints[key] = m;
                }
                return m;
            }
            var next = new List<(int, int, int)>();
            foreach (var (a, b, c) in faces)
            {
                int ab = Midpoint(a, b), bc = Midpoint(b, c), ca = Midpoint(c, a);
                next.AddRange([(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]);
            }
            faces = next;
        }
        return new TriangleMesh(vertices.ToArray(), faces.SelectMany(f => new[] { f.Item1, f.Item2, f.Item3 }).ToArray());
    }

    /// <summary>
    /// How far the icosphere's surface dips below the unit sphere: 1 − (smallest distance from the origin to a face
    /// plane). Every mesh point lies at radius in [1 − ε, 1], so the Hausdorff distance to the sphere is at most ε.
    /// </summary>
    public static double SagittaOfUnitSphereMesh(TriangleMesh mesh)
    {
        var deepest = 0.0;
        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            var (a, _, _) = mesh.Corners(t);
            deepest = Math.Max(deepest, 1 - Math.Abs(Vector3.Dot(a, mesh.FaceNormal(t))));
        }
        return deepest;
    }

    /// <summary>A soup of <paramref name="count"/> random triangles in [−1, 1]³ of mixed sizes, with a few degenerate ones.</summary>
    public static TriangleMesh RandomSoup(int count, Random random)
    {
        var vertices = new List<Vector3>();
        Vector3 Point(float scale) => new Vector3(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1) * scale;
        for (var t = 0; t < count; t++)
        {
            var centre = Point(1);
            var size = 0.02f + 0.3f * random.NextSingle();
            var a = centre + Point(size);
            var b = centre + Point(size);
            var c = (t % 10) switch
            {
                0 => a,                      // two corners coincide
                1 => a + 0.5f * (b - a),     // collinear
                _ => centre + Point(size),
            };
            vertices.AddRange([a, b, c]);
        }
        return new TriangleMesh(vertices.ToArray(), Enumerable.Range(0, vertices.Count).ToArray());
    }

    /// <summary>
    /// Undirected edges used by other than exactly two triangles, and directed edges used twice (two neighbours
    /// traversing a shared edge the same way, i.e. inconsistent orientation). Both 0 for a closed, consistently oriented mesh.
    /// </summary>
    public static (int BadEdges, int FlippedEdges) EdgeDefects(TriangleMesh mesh)
    {
        var undirected = new Dictionary<(int, int), int>();
        var directed = new Dictionary<(int, int), int>();
        var triangles = mesh.Triangles;
        for (var t = 0; t < triangles.Length; t += 3)
        {
            for (var k = 0; k < 3; k++)
            {
                int a = triangles[t + k], b = triangles[t + (k + 1) % 3];
                var key = a < b ? (a, b) : (b, a);
                undirected[key] = undirected.GetValueOrDefault(key) + 1;
                directed[(a, b)] = directed.GetValueOrDefault((a, b)) + 1;
            }
        }
        return (undirected.Values.Count(n => n != 2), directed.Values.Count(n => n != 1));
    }

    /// <summary>A fresh directory under the system temp folder, deleted when disposed.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tinynn-geometry-" + Guid.NewGuid().ToString("N"));

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static (int, int, int) Outward(List<Vector3> vertices, int p, int q, int r)
    {
        var n = Vector3.Cross(vertices[q] - vertices[p], vertices[r] - vertices[p]);
        return Vector3.Dot(n, vertices[p] + vertices[q] + vertices[r]) > 0 ? (p, q, r) : (p, r, q);
    }
}
