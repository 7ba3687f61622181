using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// An indexed triangle mesh: vertex positions and three vertex indices a triangle. Immutable; the constructor
/// copies and validates its arrays, so every index is in range and every coordinate finite.
/// Triangles are counter-clockwise seen from outside, so face normals point outward.
/// </summary>
public sealed class TriangleMesh
{
    private readonly Vector3[] _vertices;
    private readonly int[] _triangles;

    /// <summary>Creates a mesh from copies of <paramref name="vertices"/> and <paramref name="triangles"/> (3 indices a triangle).</summary>
    public TriangleMesh(ReadOnlySpan<Vector3> vertices, ReadOnlySpan<int> triangles)
        : this(vertices.ToArray(), triangles.ToArray(), validate: true)
    {
    }

    /// <summary>Takes ownership of the arrays; readers and marching cubes build them valid and skip the checks.</summary>
    internal TriangleMesh(Vector3[] vertices, int[] triangles, bool validate)
    {
        if (validate) Validate(vertices, triangles);
        _vertices = vertices;
        _triangles = triangles;
        var bounds = Box3.Empty;
        foreach (var v in vertices) bounds = bounds.Including(v);
        Bounds = bounds;
    }

    /// <summary>Creates a mesh from xyz-interleaved coordinates (3 floats a vertex) and 3 indices a triangle.</summary>
    public static TriangleMesh FromCoordinates(ReadOnlySpan<float> xyz, ReadOnlySpan<int> triangles)
    {
        if (xyz.Length % 3 != 0)
        {
            throw new ArgumentException($"vertex coordinates must come 3 a vertex (got {xyz.Length} floats)", nameof(xyz));
        }
        var vertices = new Vector3[xyz.Length / 3];
        for (var i = 0; i < vertices.Length; i++) vertices[i] = new Vector3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        return new TriangleMesh(vertices, triangles.ToArray(), validate: true);
    }

    /// <summary>The vertex positions.</summary>
    public ReadOnlySpan<Vector3> Vertices => _vertices;

    /// <summary>Three vertex indices a triangle.</summary>
    public ReadOnlySpan<int> Triangles => _triangles;

    /// <summary>Number of vertices.</summary>
    public int VertexCount => _vertices.Length;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => _triangles.Length / 3;

    /// <summary>The bounding box of the vertices (<see cref="Box3.Empty"/> for a mesh without vertices).</summary>
    public Box3 Bounds { get; }

    /// <summary>The three corners of triangle <paramref name="triangle"/>.</summary>
    public (Vector3 A, Vector3 B, Vector3 C) Corners(int triangle)
    {
        CheckTriangle(triangle);
        return (_vertices[_triangles[3 * triangle]], _vertices[_triangles[3 * triangle + 1]], _vertices[_triangles[3 * triangle + 2]]);
    }

    /// <summary>The unit normal of triangle <paramref name="triangle"/> by the right-hand rule; zero for a degenerate triangle.</summary>
    public Vector3 FaceNormal(int triangle)
    {
        var (a, b, c) = Corners(triangle);
        var n = Vector3.Cross(b - a, c - a);
        var length = n.Length();
        return length > 0 ? n / length : Vector3.Zero;
    }

    /// <summary>The area of triangle <paramref name="triangle"/>.</summary>
    public double TriangleArea(int triangle)
    {
        var (a, b, c) = Corners(triangle);
        return 0.5 * Cross(b - a, c - a).Length();
    }

    /// <summary>The total surface area.</summary>
    public double SurfaceArea()
    {
        var sum = 0.0;
        for (var t = 0; t < TriangleCount; t++) sum += TriangleArea(t);
        return sum;
    }

    /// <summary>
    /// The enclosed volume by the divergence theorem, Σ a·(b×c)/6: positive for a closed, outward-oriented mesh,
    /// negative when it is inside out.
    /// </summary>
    public double SignedVolume()
    {
        var sum = 0.0;
        for (var t = 0; t < TriangleCount; t++)
        {
            var (a, b, c) = Corners(t);
            sum += Vector3D.Dot(new Vector3D(a), Cross(b, c));
        }
        return sum / 6.0;
    }

    /// <summary>
    /// The transform that centres the bounding box at the origin and scales it uniformly so that its longest side
    /// spans [−<paramref name="margin"/>, <paramref name="margin"/>].
    /// </summary>
    public UniformTransform Normalization(float margin = 0.9f)
    {
        if (!(margin > 0 && margin <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), $"normalisation margin must be in (0, 1] (got {margin})");
        }
        if (VertexCount == 0) throw new InvalidOperationException("cannot normalise a mesh without vertices");
        var longest = Bounds.LongestSide;
        if (!(longest > 0)) throw new InvalidOperationException("cannot normalise a mesh whose vertices all coincide (bounding box of size 0)");
        var scale = 2 * margin / longest;
        return new UniformTransform(scale, -Bounds.Center * scale);
    }

    /// <summary>This mesh mapped by <see cref="Normalization"/>: centred, longest side spanning [−margin, margin].</summary>
    public TriangleMesh Normalized(float margin = 0.9f) => Transformed(Normalization(margin));

    /// <summary>This mesh with every vertex mapped by <paramref name="transform"/> (same triangles).</summary>
    public TriangleMesh Transformed(UniformTransform transform)
    {
        var vertices = new Vector3[VertexCount];
        for (var i = 0; i < vertices.Length; i++) vertices[i] = transform.Apply(_vertices[i]);
        return new TriangleMesh(vertices, _triangles, validate: false);
    }

    /// <summary>
    /// <paramref name="count"/> points distributed uniformly by area over the surface (a triangle is picked with
    /// probability proportional to its area, then a point uniformly inside it), each with its face's unit normal.
    /// </summary>
    public SurfaceSamples SampleSurface(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"sample count must be ≥ 1 (got {count})");
        var cumulative = new double[TriangleCount];
        var total = 0.0;
        for (var t = 0; t < cumulative.Length; t++)
        {
            total += TriangleArea(t);
            cumulative[t] = total;
        }
        if (!(total > 0)) throw new InvalidOperationException("cannot sample a surface of area 0 (no triangle has a positive area)");

        var points = new float[3 * count];
        var normals = new float[3 * count];
        for (var i = 0; i < count; i++)
        {
            var t = PickTriangle(cumulative, random.NextDouble() * total);
            var (a, b, c) = Corners(t);
            // Uniform on the triangle: fold the unit square's upper half back onto the lower one.
            var u = random.NextSingle();
            var v = random.NextSingle();
            if (u + v > 1) (u, v) = (1 - u, 1 - v);
            var p = a + u * (b - a) + v * (c - a);
            var n = FaceNormal(t);
            points[3 * i] = p.X; points[3 * i + 1] = p.Y; points[3 * i + 2] = p.Z;
            normals[3 * i] = n.X; normals[3 * i + 1] = n.Y; normals[3 * i + 2] = n.Z;
        }
        return new SurfaceSamples(points, normals);
    }

    /// <summary>The first triangle whose cumulative area exceeds <paramref name="target"/>, skipping zero-area ones.</summary>
    private static int PickTriangle(double[] cumulative, double target)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (cumulative[mid] > target) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private void CheckTriangle(int triangle)
    {
        if ((uint)triangle >= (uint)TriangleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(triangle), $"triangle {triangle} is out of range 0..{TriangleCount - 1}");
        }
    }

    private static Vector3D Cross(Vector3 a, Vector3 b) => Vector3D.Cross(new Vector3D(a), new Vector3D(b));

    private static void Validate(Vector3[] vertices, int[] triangles)
    {
        for (var i = 0; i < vertices.Length; i++)
        {
            if (!PointBatch.IsFinite(vertices[i]))
            {
                throw new ArgumentException($"vertex {i} has a non-finite coordinate {vertices[i]}", nameof(vertices));
            }
        }
        if (triangles.Length % 3 != 0)
        {
            throw new ArgumentException($"triangle indices must come 3 a triangle (got {triangles.Length} indices)", nameof(triangles));
        }
        for (var i = 0; i < triangles.Length; i++)
        {
            if ((uint)triangles[i] >= (uint)vertices.Length)
            {
                throw new ArgumentException(
                    $"triangle {i / 3} refers to vertex {triangles[i]}, out of range 0..{vertices.Length - 1}", nameof(triangles));
            }
        }
    }
}
