using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyNN.Geometry;

/// <summary>
/// The generalised winding number (Jacobson, Kavan and Sorkine-Hornung 2013), w(q) = Σ Ω_t(q) / 4π, evaluated with
/// Barill et al.'s hierarchical approximation (Fast Winding Numbers for Soups and Clouds, 2018): a BVH node whose
/// triangles all lie within radius r of their area-weighted centre p̃ is replaced, for queries farther than β·r from
/// p̃, by the Taylor expansion of the dipole kernel g(x) = x / (4π|x|³) about p̃ up to second order (Barill's order 2:
/// the first-order truncation alone leaves errors of several percent at β = 2); nearer nodes are opened down to leaves,
/// whose triangles contribute exact solid angles.
/// </summary>
internal sealed class FastWindingNumber
{
    /// <summary>
    /// Per node: p̃ (3), r, M = Σ a n (3), T = Σ a n ⊗ (c − p̃) (9, row-major), then C = Σ n ⊗ ∫ (x − p̃)(x − p̃)ᵀ dA
    /// (for each i, the symmetric 3 × 3 as xx, yy, zz, xy, xz, yz: 18); a = area, n = unit normal, c = centroid.
    /// </summary>
    private const int Stride = 34;

    private readonly TriangleBvh _bvh;
    private readonly double[] _expansions;
    private readonly double _betaSquared;

    public FastWindingNumber(TriangleBvh bvh, double beta)
    {
        _bvh = bvh;
        _betaSquared = beta * beta;
        _expansions = new double[bvh.Nodes.Length * Stride];
        for (var node = 0; node < bvh.Nodes.Length; node++) Expand(node);
    }

    /// <summary>The approximate winding number at <paramref name="query"/> (≈ 1 inside a closed outward mesh, ≈ 0 outside).</summary>
    // Fully optimised from the first call: a batch spends seconds in this loop, too long to wait in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(Vector3D query)
    {
        Span<int> stack = stackalloc int[TriangleBvh.StackSize];
        var top = 0;
        stack[top++] = 0;
        double sum = 0, solidAngles = 0;
        var nodes = _bvh.Nodes;
        var corners = _bvh.Corners;
        while (top > 0)
        {
            var index = stack[--top];
            var e = _expansions.AsSpan(index * Stride, Stride);
            var r = new Vector3D(e[0] - query.X, e[1] - query.Y, e[2] - query.Z);
            var distanceSquared = r.LengthSquared();
            if (distanceSquared > _betaSquared * e[3] * e[3])
            {
                sum += FarField(e, r, distanceSquared);
                continue;
            }
            var node = nodes[index];
            if (node.IsLeaf)
            {
                for (var t = node.Start; t < node.Start + node.Count; t++)
                {
                    solidAngles += TriangleGeometry.SolidAngle(query, new Vector3D(corners[3 * t]), new Vector3D(corners[3 * t + 1]), new Vector3D(corners[3 * t + 2]));
                }
                continue;
            }
            stack[top++] = index + 1;
            stack[top++] = node.Right;
        }
        return sum + solidAngles / (4 * Math.PI);
    }

    /// <summary>
    /// M·g(r) + J(r):T + ½ H(r):C with r = p̃ − q, g(r) = r/|r|³, its Jacobian J = I/|r|³ − 3 r rᵀ/|r|⁵ and second
    /// derivatives H_ijk = −3 (δ_ij r_k + δ_ik r_j + δ_jk r_i)/|r|⁵ + 15 r_i r_j r_k/|r|⁷, all over 4π: the exact area
    /// integrals of the kernel's Taylor terms up to second order over the node's triangles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FarField(ReadOnlySpan<double> e, Vector3D r, double distanceSquared)
    {
        var inverse2 = 1 / distanceSquared;
        var inverse3 = inverse2 / Math.Sqrt(distanceSquared);
        var inverse5 = inverse3 * inverse2;
        var inverse7 = inverse5 * inverse2;
        var zeroth = (e[4] * r.X + e[5] * r.Y + e[6] * r.Z) * inverse3;

        var trace = e[7] + e[11] + e[15];
        var rTr = r.X * (e[7] * r.X + e[8] * r.Y + e[9] * r.Z)
                + r.Y * (e[10] * r.X + e[11] * r.Y + e[12] * r.Z)
                + r.Z * (e[13] * r.X + e[14] * r.Y + e[15] * r.Z);
        var first = trace * inverse3 - 3 * rTr * inverse5;

        // With C_i the symmetric matrix of normal component i: Σ_ik C_iik r_k, Σ_i r_i tr(C_i) and C(r, r, r).
        double diagonal = 0, traces = 0, cubic = 0;
        for (var i = 0; i < 3; i++)
        {
            var c = e.Slice(16 + 6 * i, 6);
            var cr = new Vector3D(c[0] * r.X + c[3] * r.Y + c[4] * r.Z, c[3] * r.X + c[1] * r.Y + c[5] * r.Z, c[4] * r.X + c[5] * r.Y + c[2] * r.Z);
            diagonal += cr[i];
            traces += r[i] * (c[0] + c[1] + c[2]);
            cubic += r[i] * Vector3D.Dot(cr, r);
        }
        var second = 0.5 * (-3 * (2 * diagonal + traces) * inverse5 + 15 * cubic * inverse7);
        return (zeroth + first + second) / (4 * Math.PI);
    }

    /// <summary>Fills node <paramref name="index"/>'s expansion straight from its triangles (each triangle is visited once a level).</summary>
    private void Expand(int index)
    {
        var node = _bvh.Nodes[index];
        var e = _expansions.AsSpan(index * Stride, Stride);
        var (first, end) = TriangleRange(index);
        var corners = _bvh.Corners;

        // Area-weighted centre; a node of zero area takes its box centre (its expansion is zero anyway).
        var areaSum = 0.0;
        var weighted = Vector3D.Zero;
        for (var t = first; t < end; t++)
        {
            var (area, _, centroid) = Triangle(corners, t);
            areaSum += area;
            weighted += centroid * area;
        }
        var centre = areaSum > 0 ? weighted * (1 / areaSum) : new Vector3D(node.Box.Center);

        var radiusSquared = 0.0;
        Span<double> m = stackalloc double[3];
        Span<double> tensor = stackalloc double[9];
        Span<double> second = stackalloc double[18];
        Span<Vector3D> y = stackalloc Vector3D[3];
        Span<double> moment = stackalloc double[6];
        for (var t = first; t < end; t++)
        {
            for (var k = 0; k < 3; k++)
            {
                y[k] = new Vector3D(corners[3 * t + k]) - centre;
                radiusSquared = Math.Max(radiusSquared, y[k].LengthSquared());
            }
            var (area, areaNormal, centroid) = Triangle(corners, t);
            var d = centroid - centre;
            for (var i = 0; i < 3; i++)
            {
                m[i] += areaNormal[i];
                for (var j = 0; j < 3; j++) tensor[3 * i + j] += areaNormal[i] * d[j];
            }
            if (area == 0) continue;
            // ∫ y yᵀ dA over a triangle with corners y₁, y₂, y₃ is (a/12)(Σ yₖ yₖᵀ + s sᵀ), s = y₁ + y₂ + y₃.
            var s = y[0] + y[1] + y[2];
            moment.Clear();
            for (var k = 0; k < 4; k++)
            {
                var v = k < 3 ? y[k] : s;
                moment[0] += v.X * v.X; moment[1] += v.Y * v.Y; moment[2] += v.Z * v.Z;
                moment[3] += v.X * v.Y; moment[4] += v.X * v.Z; moment[5] += v.Y * v.Z;
            }
            // n·a/12 times the moment: the area-weighted normal already carries a.
            for (var i = 0; i < 3; i++)
            {
                for (var k = 0; k < 6; k++) second[6 * i + k] += areaNormal[i] / 12 * moment[k];
            }
        }
        e[0] = centre.X;
        e[1] = centre.Y;
        e[2] = centre.Z;
        e[3] = Math.Sqrt(radiusSquared);
        m.CopyTo(e[4..7]);
        tensor.CopyTo(e[7..16]);
        second.CopyTo(e[16..34]);
    }

    /// <summary>The reordered triangles under node <paramref name="index"/>: a leaf's range, or the span from its leftmost to its rightmost leaf.</summary>
    private (int First, int End) TriangleRange(int index)
    {
        var nodes = _bvh.Nodes;
        var left = index;
        while (!nodes[left].IsLeaf) left++;
        var right = index;
        while (!nodes[right].IsLeaf) right = nodes[right].Right;
        return (nodes[left].Start, nodes[right].Start + nodes[right].Count);
    }

    /// <summary>Area, area-weighted normal a·n = (b − a) × (c − a) / 2, and centroid of reordered triangle <paramref name="t"/>.</summary>
    private static (double Area, Vector3D AreaNormal, Vector3D Centroid) Triangle(Vector3[] corners, int t)
    {
        var a = new Vector3D(corners[3 * t]);
        var b = new Vector3D(corners[3 * t + 1]);
        var c = new Vector3D(corners[3 * t + 2]);
        var areaNormal = Vector3D.Cross(b - a, c - a) * 0.5;
        return (areaNormal.Length(), areaNormal, (a + b + c) * (1.0 / 3));
    }
}
