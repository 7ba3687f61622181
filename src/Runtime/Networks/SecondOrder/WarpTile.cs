using System.Runtime.CompilerServices;
using ILGPU;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// One warp's share of a layer product in the fused second-order step (<see cref="FusedStepKernel"/>): 16 neurons × the
/// tile's 32 samples as four m16n8 tensor-core tiles, accumulated in 3×TF32 (<see cref="Tf32"/>). Lane 4g + t holds, for
/// n-tile nt, element (g, 8nt + 2t) in C{nt}0, (g, 8nt + 2t + 1) in C{nt}1, (g + 8, 8nt + 2t) in C{nt}2 and (g + 8, 8nt +
/// 2t + 1) in C{nt}3 (the mma accumulator order). Fields, not an array: ILGPU 1.5.3 does not unroll loops, and an indexed
/// array would live in local memory.
/// </summary>
internal struct WarpTile
{
    public float C00, C01, C02, C03, C10, C11, C12, C13, C20, C21, C22, C23, C30, C31, C32, C33;

    /// <summary>Samples a tile holds.</summary>
    public const int Samples = 32;

    /// <summary>Values a lane holds.</summary>
    public const int Elements = 16;

    /// <summary>Floats between two rows of a shared [row][sample] tile: 40 makes the B-fragment reads (rows t and t + 4, columns g) hit 32 distinct banks.</summary>
    public const int RowStride = Samples + 8;

    /// <summary>The row (0 … 15, from the warp's first) of element <paramref name="element"/> for lane group g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Row(int element, int g) => g + ((element & 2) << 2);

    /// <summary>The sample (tile column) of element <paramref name="element"/> for lane position t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Column(int element, int t) => ((element >> 2) << 3) + 2 * t + (element & 1);

    /// <summary>
    /// One k-step of 8: the A fragment times the tile's B fragments of rows k + t and k + t + 4 (<paramref name="row0"/>,
    /// <paramref name="row4"/>: their offsets plus g), the four n-tiles 8 columns apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref WarpTile c, in Tf32.FragmentA a, ArrayView<float> shared, int row0, int row4)
    {
        var b = Tf32.FragmentB.From(shared[row0], shared[row4]);
        Tf32.Mma3(ref c.C00, ref c.C01, ref c.C02, ref c.C03, a, b);
        b = Tf32.FragmentB.From(shared[row0 + 8], shared[row4 + 8]);
        Tf32.Mma3(ref c.C10, ref c.C11, ref c.C12, ref c.C13, a, b);
        b = Tf32.FragmentB.From(shared[row0 + 16], shared[row4 + 16]);
        Tf32.Mma3(ref c.C20, ref c.C21, ref c.C22, ref c.C23, a, b);
        b = Tf32.FragmentB.From(shared[row0 + 24], shared[row4 + 24]);
        Tf32.Mma3(ref c.C30, ref c.C31, ref c.C32, ref c.C33, a, b);
    }

    /// <summary>Hands every element to <paramref name="op"/> with its index (see <see cref="Row"/>, <see cref="Column"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void ForEach<TOp>(ref TOp op) where TOp : struct, IWarpTileOp
    {
        op.Apply(0, C00); op.Apply(1, C01); op.Apply(2, C02); op.Apply(3, C03);
        op.Apply(4, C10); op.Apply(5, C11); op.Apply(6, C12); op.Apply(7, C13);
        op.Apply(8, C20); op.Apply(9, C21); op.Apply(10, C22); op.Apply(11, C23);
        op.Apply(12, C30); op.Apply(13, C31); op.Apply(14, C32); op.Apply(15, C33);
    }
}

/// <summary>An elementwise step on a <see cref="WarpTile"/>'s values (a struct, so ILGPU inlines it per element).</summary>
internal interface IWarpTileOp
{
    /// <summary>Element <paramref name="element"/> (0 … 15) of the lane, whose product value is <paramref name="value"/>.</summary>
    void Apply(int element, float value);
}
