using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>Closest point on a triangle and the solid angle a triangle subtends: the two per-triangle kernels of <see cref="MeshDistance"/>.</summary>
internal static class TriangleGeometry
{
    /// <summary>
    /// The point of triangle abc nearest to <paramref name="p"/>, by the Voronoi regions of its vertices, edges and face
    /// (the classification in Ericson, Real-Time Collision Detection, §5.1.5). A triangle with (nearly) collinear corners
    /// has no well-defined face region, so it is treated as its three edges.
    /// </summary>
    public static Vector3 ClosestPoint(Vector3 p, Vector3 a, Vector3 b, Vector3 c)
    {
        var ab = b - a;
        var ac = c - a;
        var bc = c - b;
        var longest = MathF.Max(ab.LengthSquared(), MathF.Max(ac.LengthSquared(), bc.LengthSquared()));
        // |ab × ac|² = |ab|²|ac|² sin²θ; below 1e-10 of the largest edge⁴ the face solve would divide by ≈ 0.
        if (Vector3.Cross(ab, ac).LengthSquared() <= 1e-10f * longest * longest) return ClosestOnEdges(p, a, b, c);

        var ap = p - a;
        var d1 = Vector3.Dot(ab, ap);
        var d2 = Vector3.Dot(ac, ap);
        if (d1 <= 0 && d2 <= 0) return a;

        var bp = p - b;
        var d3 = Vector3.Dot(ab, bp);
        var d4 = Vector3.Dot(ac, bp);
        if (d3 >= 0 && d4 <= d3) return b;

        var vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + d1 / (d1 - d3) * ab;

        var cp = p - c;
        var d5 = Vector3.Dot(ab, cp);
        var d6 = Vector3.Dot(ac, cp);
        if (d6 >= 0 && d5 <= d6) return c;

        var vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + d2 / (d2 - d6) * ac;

        var va = d3 * d6 - d5 * d4;
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * bc;

        var inverse = 1f / (va + vb + vc);
        return a + vb * inverse * ab + vc * inverse * ac;
    }

    /// <summary>The point of segment ab nearest to <paramref name="p"/>; a when the segment has length 0.</summary>
    public static Vector3 ClosestOnSegment(Vector3 p, Vector3 a, Vector3 b)
    {
        var ab = b - a;
        var lengthSquared = ab.LengthSquared();
        if (lengthSquared == 0) return a;
        var t = Math.Clamp(Vector3.Dot(p - a, ab) / lengthSquared, 0f, 1f);
        return a + t * ab;
    }

    /// <summary>
    /// The signed solid angle triangle abc subtends at <paramref name="p"/> (Van Oosterom and Strackee 1983), in double:
    /// positive when p is behind the triangle (on the side opposite its right-hand-rule normal). Summed over a closed,
    /// outward-oriented mesh it is 4π inside and 0 outside.
    /// </summary>
    public static double SolidAngle(Vector3D p, Vector3D a, Vector3D b, Vector3D c)
    {
        var x = a - p;
        var y = b - p;
        var z = c - p;
        var lx = x.Length();
        var ly = y.Length();
        var lz = z.Length();
        var numerator = Vector3D.Dot(x, Vector3D.Cross(y, z));
        var denominator = lx * ly * lz + Vector3D.Dot(x, y) * lz + Vector3D.Dot(y, z) * lx + Vector3D.Dot(z, x) * ly;
        return 2 * Math.Atan2(numerator, denominator);
    }

    private static Vector3 ClosestOnEdges(Vector3 p, Vector3 a, Vector3 b, Vector3 c)
    {
        var best = ClosestOnSegment(p, a, b);
        var onBc = ClosestOnSegment(p, b, c);
        if (Vector3.DistanceSquared(p, onBc) < Vector3.DistanceSquared(p, best)) best = onBc;
        var onCa = ClosestOnSegment(p, c, a);
        if (Vector3.DistanceSquared(p, onCa) < Vector3.DistanceSquared(p, best)) best = onCa;
        return best;
    }
}
