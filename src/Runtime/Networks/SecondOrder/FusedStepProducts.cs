using System.Runtime.CompilerServices;
using ILGPU;

namespace TinyNN.Networks.SecondOrder;

/// <summary>Where a warp's A fragments of a layer product come from: a resident weight matrix or its transpose.</summary>
internal interface IWeightFragments
{
    /// <summary>The split A fragment of rows m0 … m0 + 15 and columns k … k + 7 for lane (g, t).</summary>
    Tf32.FragmentA Fragment(ArrayView<float> shared, int m0, int k, int g, int t);
}

/// <summary>A(m, k) = W[m][k] of a matrix resident in shared memory, rows <c>Stride</c> floats apart.</summary>
internal struct RowMajorWeights : IWeightFragments
{
    public int Base, Stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Tf32.FragmentA Fragment(ArrayView<float> shared, int m0, int k, int g, int t)
    {
        var top = Base + (m0 + g) * Stride + k + t;
        var bottom = top + 8 * Stride;
        return Tf32.FragmentA.From(shared[top], shared[bottom], shared[top + 4], shared[bottom + 4]);
    }
}

/// <summary>A(m, k) = W[k][m]: the transpose of a matrix resident in shared memory, for the reverse sweeps.</summary>
internal struct TransposedWeights : IWeightFragments
{
    public int Base, Stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Tf32.FragmentA Fragment(ArrayView<float> shared, int m0, int k, int g, int t)
    {
        var near = Base + (k + t) * Stride + m0 + g;
        var far = near + 4 * Stride;
        return Tf32.FragmentA.From(shared[near], shared[near + 8], shared[far], shared[far + 8]);
    }
}

/// <summary>The products of the fused second-order step: a layer's (weights × tile) and a parameter gradient's (tile × tileᵀ).</summary>
internal static class FusedStepProducts
{
    /// <summary>
    /// Rows m0 … m0 + 15 of A·X for samples n0 … n0 + 15 of the tile, X the [row][sample] tile at <paramref name="tile"/>
    /// and K = <paramref name="depth"/> (a multiple of 8; rows of X past it are not read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WarpTile Layer<TWeights, TCores>(ArrayView<float> shared, TWeights weights, int tile, int depth, int m0, int n0, int g, int t)
        where TWeights : struct, IWeightFragments where TCores : struct, ITensorCores
    {
        WarpTile c = default;
        var column = tile + n0 + g;
        for (var k = 0; k < depth; k += 8)
        {
            var a = weights.Fragment(shared, m0, k, g, t);
            WarpTile.Step<TCores>(ref c, a, shared, column + (k + t) * WarpTile.RowStride, column + (k + t + 4) * WarpTile.RowStride);
        }
        return c;
    }

    /// <summary>
    /// Adds Σ over the tile's samples of D[m]·E[n] to rows m0 … m0 + 15 of a group's partial sums of a parameter
    /// gradient (row-major, <paramref name="columns"/> real columns), D and E [row][sample] tiles: the batch is the
    /// product's K. The two warps of a row block take alternate 8-column blocks (from <paramref name="half"/>·8). Each lane
    /// owns its accumulators' elements for the whole kernel, so the read-add-write needs no synchronisation, and the
    /// order of additions is fixed. The partial sums are loaded before the tile's products and added after them, so
    /// that their L2 latency overlaps the products.
    /// </summary>
    public static void Outer<TCores>(ArrayView<float> shared, int d, int e, ArrayView<float> partial, int columns, int m0, int half, int g, int t)
        where TCores : struct, ITensorCores
    {
        var top = d + (m0 + g) * WarpTile.RowStride + t;
        var bottom = top + 8 * WarpTile.RowStride;
        var row0 = (long)(m0 + g) * columns;
        var row8 = row0 + 8L * columns;
        for (var n0 = half << 3; n0 < columns; n0 += 16)
        {
            var n = n0 + 2 * t;
            var first = n < columns;
            var second = n + 1 < columns;
            float s0 = first ? partial[row0 + n] : 0f, s1 = second ? partial[row0 + n + 1] : 0f,
                s2 = first ? partial[row8 + n] : 0f, s3 = second ? partial[row8 + n + 1] : 0f;
            float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
            var b = e + (n0 + g) * WarpTile.RowStride + t;
            for (var k = 0; k < WarpTile.Samples; k += 8)
            {
                var a = Tf32.FragmentA.From(shared[top + k], shared[bottom + k], shared[top + k + 4], shared[bottom + k + 4]);
                Tf32.Mma3<TCores>(ref c0, ref c1, ref c2, ref c3, a, Tf32.FragmentB.From(shared[b + k], shared[b + k + 4]));
            }
            if (first)
            {
                partial[row0 + n] = s0 + c0;
                partial[row8 + n] = s2 + c2;
            }
            if (second)
            {
                partial[row0 + n + 1] = s1 + c1;
                partial[row8 + n + 1] = s3 + c3;
            }
        }
    }
}
