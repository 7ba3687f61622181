using System.Runtime.CompilerServices;
using ILGPU;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// One warp's share of a layer product in the fused second-order step (<see cref="FusedStepKernel"/>): 16 neurons × half
/// the tile's 32 samples as two m16n8 tensor-core tiles, accumulated in 3×TF32 (<see cref="Tf32"/>). Lane 4g + t holds, for
/// n-tile nt, element (g, 8nt + 2t) in C{nt}0, (g, 8nt + 2t + 1) in C{nt}1, (g + 8, 8nt + 2t) in C{nt}2 and (g + 8, 8nt +
/// 2t + 1) in C{nt}3 (the mma accumulator order), columns counted from the warp's half. Two warps a 16-row block (one a
/// half of the samples) rather than one for all 32: twice the warps to hide the latencies of the dependent mma chains. Fields, not an array: ILGPU 1.5.3 does not unroll loops, and an indexed
/// array would live in local memory.
/// </summary>
internal struct WarpTile
{
    public float C00, C01, C02, C03, C10, C11, C12, C13;

    /// <summary>Samples a tile holds.</summary>
    public const int Samples = 32;

    /// <summary>Samples a warp's product covers (half the tile).</summary>
    public const int HalfSamples = Samples / 2;

    /// <summary>Values a lane holds.</summary>
    public const int Elements = 8;

    /// <summary>Floats between two rows of a shared [row][sample] tile: 40 makes the B-fragment reads (rows t and t + 4, columns g) hit 32 distinct banks.</summary>
    public const int RowStride = Samples + 8;

    /// <summary>The row (0 … 15, from the warp's first) of element <paramref name="element"/> for lane group g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Row(int element, int g) => g + ((element & 2) << 2);

    /// <summary>The sample (tile column, from the warp's half) of element <paramref name="element"/> for lane position t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Column(int element, int t) => ((element >> 2) << 3) + 2 * t + (element & 1);

    /// <summary>
    /// One k-step of 8: the A fragment times the tile's B fragments of rows k + t and k + t + 4 (<paramref name="row0"/>,
    /// <paramref name="row4"/>: their offsets plus g), the four n-tiles 8 columns apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TCores>(ref WarpTile c, in Tf32.FragmentA a, ArrayView<float> shared, int row0, int row4)
        where TCores : struct, ITensorCores
    {
        var b = Tf32.FragmentB.From(shared[row0], shared[row4]);
        Tf32.Mma3<TCores>(ref c.C00, ref c.C01, ref c.C02, ref c.C03, a, b);
        b = Tf32.FragmentB.From(shared[row0 + 8], shared[row4 + 8]);
        Tf32.Mma3<TCores>(ref c.C10, ref c.C11, ref c.C12, ref c.C13, a, b);
    }

    /// <summary>Hands every element to <paramref name="op"/> with its index (see <see cref="Row"/>, <see cref="Column"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void ForEach<TOp>(ref TOp op) where TOp : struct, IWarpTileOp
    {
        op.Apply(0, C00);
        op.Apply(1, C01);
        op.Apply(2, C02);
        op.Apply(3, C03);
        op.Apply(4, C10);
        op.Apply(5, C11);
        op.Apply(6, C12);
        op.Apply(7, C13);
    }
}

/// <summary>An elementwise step on a <see cref="WarpTile"/>'s values (a struct, so ILGPU inlines it per element).</summary>
internal interface IWarpTileOp
{
    /// <summary>Element <paramref name="element"/> (0 … 7) of the lane, whose product value is <paramref name="value"/>.</summary>
    void Apply(int element, float value);
}
