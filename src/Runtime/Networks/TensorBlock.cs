using ILGPU;

namespace TinyNN.Networks;

/// <summary>A lane's B fragments of a warp's tensor-core product, one 8-column n-tile at a time.</summary>
internal interface IFragmentColumns
{
    /// <summary>The B fragment of n-tile <paramref name="nt"/> (columns 8nt … 8nt + 7), split for 3×TF32.</summary>
    Tf32.FragmentB Column(int nt);
}

/// <summary>Where a lane's accumulators of a warp's tensor-core product go.</summary>
internal interface IAccumulatorSink
{
    /// <summary>
    /// The four accumulators of the 16 × 8 tile at (<paramref name="rows"/>, <paramref name="columns"/>) from the lane's
    /// origin: (0, 0), (0, 1), (8, 0) and (8, 1) from there.
    /// </summary>
    void Store(int rows, int columns, float c0, float c1, float c2, float c3);
}

/// <summary>
/// A warp's 32 × 64 product on tensor cores (3×TF32, <see cref="Tf32"/>), kept in a <see cref="Block8x8"/>:
/// accumulator r of tile (mt, nt) — rows 16mt … 16mt + 15, columns 8nt … 8nt + 7 — in field (4mt + r, nt). The one
/// place that knows this layout; the tiled passes and the parameter-gradient GEMM supply fragments and sinks.
/// </summary>
internal static class TensorBlock
{
    /// <summary>One k-step of 8: the two 16-row A fragments times every n-tile's B fragment, added to the block.</summary>
    public static void Step<TColumns>(ref Block8x8 c, in Tf32.FragmentA top, in Tf32.FragmentA bottom, TColumns columns)
        where TColumns : struct, IFragmentColumns
    {
        var f = columns.Column(0);
        Tf32.Mma3(ref c.S0_0, ref c.S1_0, ref c.S2_0, ref c.S3_0, top, f);
        Tf32.Mma3(ref c.S4_0, ref c.S5_0, ref c.S6_0, ref c.S7_0, bottom, f);
        f = columns.Column(1);
        Tf32.Mma3(ref c.S0_1, ref c.S1_1, ref c.S2_1, ref c.S3_1, top, f);
        Tf32.Mma3(ref c.S4_1, ref c.S5_1, ref c.S6_1, ref c.S7_1, bottom, f);
        f = columns.Column(2);
        Tf32.Mma3(ref c.S0_2, ref c.S1_2, ref c.S2_2, ref c.S3_2, top, f);
        Tf32.Mma3(ref c.S4_2, ref c.S5_2, ref c.S6_2, ref c.S7_2, bottom, f);
        f = columns.Column(3);
        Tf32.Mma3(ref c.S0_3, ref c.S1_3, ref c.S2_3, ref c.S3_3, top, f);
        Tf32.Mma3(ref c.S4_3, ref c.S5_3, ref c.S6_3, ref c.S7_3, bottom, f);
        f = columns.Column(4);
        Tf32.Mma3(ref c.S0_4, ref c.S1_4, ref c.S2_4, ref c.S3_4, top, f);
        Tf32.Mma3(ref c.S4_4, ref c.S5_4, ref c.S6_4, ref c.S7_4, bottom, f);
        f = columns.Column(5);
        Tf32.Mma3(ref c.S0_5, ref c.S1_5, ref c.S2_5, ref c.S3_5, top, f);
        Tf32.Mma3(ref c.S4_5, ref c.S5_5, ref c.S6_5, ref c.S7_5, bottom, f);
        f = columns.Column(6);
        Tf32.Mma3(ref c.S0_6, ref c.S1_6, ref c.S2_6, ref c.S3_6, top, f);
        Tf32.Mma3(ref c.S4_6, ref c.S5_6, ref c.S6_6, ref c.S7_6, bottom, f);
        f = columns.Column(7);
        Tf32.Mma3(ref c.S0_7, ref c.S1_7, ref c.S2_7, ref c.S3_7, top, f);
        Tf32.Mma3(ref c.S4_7, ref c.S5_7, ref c.S6_7, ref c.S7_7, bottom, f);
    }

    /// <summary>Every tile's accumulators to <paramref name="sink"/>, at rows 0 or 16 and columns 8nt from the lane's origin.</summary>
    public static void Store<TSink>(in Block8x8 c, TSink sink) where TSink : struct, IAccumulatorSink
    {
        sink.Store(0, 0, c.S0_0, c.S1_0, c.S2_0, c.S3_0);
        sink.Store(16, 0, c.S4_0, c.S5_0, c.S6_0, c.S7_0);
        sink.Store(0, 8, c.S0_1, c.S1_1, c.S2_1, c.S3_1);
        sink.Store(16, 8, c.S4_1, c.S5_1, c.S6_1, c.S7_1);
        sink.Store(0, 16, c.S0_2, c.S1_2, c.S2_2, c.S3_2);
        sink.Store(16, 16, c.S4_2, c.S5_2, c.S6_2, c.S7_2);
        sink.Store(0, 24, c.S0_3, c.S1_3, c.S2_3, c.S3_3);
        sink.Store(16, 24, c.S4_3, c.S5_3, c.S6_3, c.S7_3);
        sink.Store(0, 32, c.S0_4, c.S1_4, c.S2_4, c.S3_4);
        sink.Store(16, 32, c.S4_4, c.S5_4, c.S6_4, c.S7_4);
        sink.Store(0, 40, c.S0_5, c.S1_5, c.S2_5, c.S3_5);
        sink.Store(16, 40, c.S4_5, c.S5_5, c.S6_5, c.S7_5);
        sink.Store(0, 48, c.S0_6, c.S1_6, c.S2_6, c.S3_6);
        sink.Store(16, 48, c.S4_6, c.S5_6, c.S6_6, c.S7_6);
        sink.Store(0, 56, c.S0_7, c.S1_7, c.S2_7, c.S3_7);
        sink.Store(16, 56, c.S4_7, c.S5_7, c.S6_7, c.S7_7);
    }
}
