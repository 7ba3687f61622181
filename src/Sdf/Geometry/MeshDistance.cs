using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyNN.Geometry;

/// <summary>
/// Exact unsigned distance to a triangle mesh and its sign from the generalised winding number, answered from a
/// bounding volume hierarchy built once. Thread-safe: the batch methods query in parallel.
/// Sign convention: negative inside (winding number ≥ 0.5), positive outside, as an SDF.
/// </summary>
public sealed class MeshDistance
{
    /// <summary>The default far-field accuracy β of the winding number (Barill et al. 2018).</summary>
    public const float DefaultBeta = 2f;

    private readonly TriangleBvh _bvh;
    private readonly FastWindingNumber _winding;

    /// <summary>
    /// Builds the hierarchy over <paramref name="mesh"/>'s triangles. <paramref name="beta"/> (≥ 1) sets the winding
    /// number's accuracy: a node is approximated for queries farther than β times its radius; larger is more exact and slower.
    /// </summary>
    public MeshDistance(TriangleMesh mesh, float beta = DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (mesh.TriangleCount == 0) throw new ArgumentException("cannot measure distance to a mesh without triangles", nameof(mesh));
        if (!(beta >= 1 && float.IsFinite(beta)))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"winding number accuracy beta must be finite and ≥ 1 (got {beta}); 2 is the usual choice");
        }
        Mesh = mesh;
        Beta = beta;
        _bvh = new TriangleBvh(mesh);
        _winding = new FastWindingNumber(_bvh, beta);
    }

    /// <summary>The mesh the distances are to.</summary>
    public TriangleMesh Mesh { get; }

    /// <summary>The winding number's far-field accuracy parameter.</summary>
    public float Beta { get; }

    /// <summary>The exact distance from <paramref name="point"/> to the nearest point of the surface.</summary>
    public float Distance(Vector3 point) => ClosestPoint(point).Distance;

    /// <summary>The nearest surface point to <paramref name="point"/>, its distance and its triangle.</summary>
    public MeshClosestPoint ClosestPoint(Vector3 point)
    {
        CheckFinite(point, nameof(point));
        return Nearest(point);
    }

    /// <summary>The generalised winding number at <paramref name="point"/>: ≈ 1 inside a closed outward-oriented mesh, ≈ 0 outside, in between near holes.</summary>
    public float WindingNumber(Vector3 point)
    {
        CheckFinite(point, nameof(point));
        return (float)_winding.Evaluate(new Vector3D(point));
    }

    /// <summary>The distance to the surface, negative where the winding number is ≥ 0.5.</summary>
    public float SignedDistance(Vector3 point)
    {
        CheckFinite(point, nameof(point));
        return Signed(point);
    }

    /// <summary>Distances for xyz-interleaved points (3 finite floats a point), computed in parallel.</summary>
    public float[] Distances(float[] points) => PointBatch.Map(points, p => Nearest(p).Distance);

    /// <summary>Winding numbers for xyz-interleaved points (3 finite floats a point), computed in parallel.</summary>
    public float[] WindingNumbers(float[] points) => PointBatch.Map(points, p => (float)_winding.Evaluate(new Vector3D(p)));

    /// <summary>Signed distances for xyz-interleaved points (3 finite floats a point), computed in parallel.</summary>
    public float[] SignedDistances(float[] points) => PointBatch.Map(points, Signed);

    private float Signed(Vector3 point)
    {
        var distance = Nearest(point).Distance;
        return _winding.Evaluate(new Vector3D(point)) >= 0.5 ? -distance : distance;
    }

    /// <summary>Depth-first search, nearer child first, pruning boxes no nearer than the best triangle so far.</summary>
    // Fully optimised from the first call: a batch spends seconds in this loop, too long to wait in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private MeshClosestPoint Nearest(Vector3 point)
    {
        Span<int> stack = stackalloc int[TriangleBvh.StackSize];
        var top = 0;
        stack[top++] = 0;
        var nodes = _bvh.Nodes;
        var corners = _bvh.Corners;
        var best = float.PositiveInfinity;
        var bestPoint = Vector3.Zero;
        var bestTriangle = -1;
        while (top > 0)
        {
            var index = stack[--top];
            var node = nodes[index];
            if (node.Box.DistanceSquared(point) >= best) continue;
            if (node.IsLeaf)
            {
                for (var t = node.Start; t < node.Start + node.Count; t++)
                {
                    var candidate = TriangleGeometry.ClosestPoint(point, corners[3 * t], corners[3 * t + 1], corners[3 * t + 2]);
                    var d = Vector3.DistanceSquared(point, candidate);
                    if (d < best)
                    {
                        best = d;
                        bestPoint = candidate;
                        bestTriangle = t;
                    }
                }
                continue;
            }
            var left = index + 1;
            var right = node.Right;
            var leftNearer = nodes[left].Box.DistanceSquared(point) <= nodes[right].Box.DistanceSquared(point);
            stack[top++] = leftNearer ? right : left;
            stack[top++] = leftNearer ? left : right;
        }
        if (bestTriangle < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(point), $"query point {point} is too far from the mesh: its squared distance overflows float");
        }
        return new MeshClosestPoint(bestPoint, MathF.Sqrt(best), _bvh.OriginalTriangle[bestTriangle]);
    }

    private static void CheckFinite(Vector3 point, string name)
    {
        if (!PointBatch.IsFinite(point)) throw new ArgumentException($"query point must be finite (got {point})", name);
    }
}
