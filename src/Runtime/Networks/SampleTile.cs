using ILGPU;
using ILGPU.Algorithms;

namespace TinyNN.Networks;

/// <summary>
/// The shared-memory tile of a tiled pass (<see cref="TiledMlpKernels"/>): a group's 64 samples × up to width neurons,
/// [neuron][sample] with rows XOR-swizzled, samples interleaved so that a warp's global accesses of one neuron are
/// contiguous; its loads and stores to global memory, each thread's block position in it, and the L2 prefetch of the
/// rows an elementwise step is about to read.
/// </summary>
internal static class SampleTile
{
    /// <summary>The tile's first <paramref name="rows"/> rows to a [batch, rows] array, thread i storing floats i, i + width, … of the group's run.</summary>
    public static void StoreSampleMajor(ArrayView<Float4> tile, ArrayView<float> destination, int rows, int sampleBase, int batch, int width)
    {
        var floats = tile.Cast<float>();
        var available = XMath.Min(TiledMlpKernels.Samples, batch - sampleBase) * rows;
        var run = destination.SubView((long)sampleBase * rows, available);
        for (var e = Group.IdxX; e < available; e += width)
        {
            var s = e / rows;
            run[e] = floats[Index(e - s * rows, Column(s))];
        }
    }

    /// <summary>The tile column that holds the group's sample s (the inverse of <see cref="Load"/>'s order).</summary>
    private static int Column(int s) => ((s & 7) << 3) + (s >> 3);

    /// <summary>
    /// Rows 0 … rows−1 of a layer operand for the group's 64 samples into the tile (zeros past the batch). Tile column c
    /// holds sample c / 8 + 8·(c mod 8): the thread owning columns 8t … 8t+7 then owns samples t, t+8, …, t+56, so that
    /// a warp's global stores and loads of one neuron cover 8 consecutive samples (32 bytes) instead of 8 scattered floats.
    /// </summary>
    public static void Load(ArrayView<Float4> tile, StridedOperand source, int rows, int sampleBase, int batch, int width)
    {
        var floats = tile.Cast<float>();
        var count = rows * TiledMlpKernels.Samples;
        if (source.RowStride == 1 && source.SampleStride == rows)
        {
            // A dense [batch, rows] source (the network input, the gradient direction): the group's samples are one
            // contiguous run, read in order (a warp's loads 128 contiguous bytes instead of 32 sectors for 4 bytes each).
            var available = XMath.Min(TiledMlpKernels.Samples, batch - sampleBase) * rows;
            var run = source.Data.SubView(source.Offset + (long)sampleBase * rows, available);
            for (var e = Group.IdxX; e < count; e += width)
            {
                var s = e / rows;
                floats[Index(e - s * rows, Column(s))] = e < available ? run[e] : 0f;
            }
            return;
        }
        for (var e = Group.IdxX; e < count; e += 4 * width)
        {
            // Four loads, then four stores: the loads' latencies overlap.
            float v0 = Value(source, e, count, sampleBase, batch), v1 = Value(source, e + width, count, sampleBase, batch),
                v2 = Value(source, e + 2 * width, count, sampleBase, batch), v3 = Value(source, e + 3 * width, count, sampleBase, batch);
            if (e < count) floats[Index(e)] = v0;
            if (e + width < count) floats[Index(e + width)] = v1;
            if (e + 2 * width < count) floats[Index(e + 2 * width)] = v2;
            if (e + 3 * width < count) floats[Index(e + 3 * width)] = v3;
        }
    }

    /// <summary>
    /// Rows of the tile XOR-swizzle their quads by the row's low 3 bits (<see cref="Swizzle"/>): element (r, c) lives
    /// at 64r + (c ^ 8(r mod 8)). Reads down a column (the tensor-core B fragments: 4 rows × 8 columns a warp) and the
    /// accumulator stores (8 rows × 4 column pairs) then hit distinct banks, where 64-float rows put them all on one.
    /// </summary>
    public const int Swizzle = 7;

    /// <summary>Where tile element (row, column) lives (see <see cref="Swizzle"/>).</summary>
    public static int Index(int row, int column) => (row << 6) + (column ^ ((row & Swizzle) << 3));

    /// <summary>Where tile element e (row e / 64, column e mod 64) lives.</summary>
    private static int Index(int e) => Index(e >> 6, e & (TiledMlpKernels.Samples - 1));

    /// <summary>Tile element e (row e / 64, column e mod 64) from the source, in the tile's sample order.</summary>
    private static float Value(StridedOperand source, int e, int count, int sampleBase, int batch)
    {
        var column = e & (TiledMlpKernels.Samples - 1);
        var sample = sampleBase + (column >> 3) + ((column & 7) << 3);
        return e < count && sample < batch ? source.At(e >> 6, sample) : 0f;
    }

    public static (ArrayView<Float4> Tile, ArrayView<Float4> Slice) Shared(int width)
    {
        var shared = SharedMemory.GetDynamic<Float4>();
        return (shared.SubView(0, width * TiledMlpKernels.Samples / 4), shared.SubView(width * TiledMlpKernels.Samples / 4, WeightImage.Depth * width / 4));
    }

    /// <summary>TiledMlpKernels.Samples between a thread's block columns (the tile's interleaved sample order, see <see cref="Load"/>).</summary>
    public const int SampleStep = 8;

    /// <summary>
    /// This thread's block: its first neuron, its first tile column, the batch index of its first sample (the others
    /// follow every <see cref="SampleStep"/>), and the tile's first sample.
    /// </summary>
    public static (int Row, int Column, int Sample, int SampleBase) Position()
    {
        var sampleBase = Grid.IdxX * TiledMlpKernels.Samples;
        var t = Group.IdxX & 7;
        return (Group.IdxX >> 3 << 3, t << 3, sampleBase + t, sampleBase);
    }

    /// <summary>
    /// Asks L2 for the group's 64 samples of every row of a layer operand (thread r: row r's 256 bytes, two 128-byte
    /// lines when the batch is a multiple of 32, the lines holding their first and middle sample otherwise), so
    /// that the elementwise step's eight rounds of loads wait for DRAM about once and for L2 after. Issued after the
    /// layer's product, right before the step: issued before it, the lines of 1 000 resident groups (up to 48 KB each
    /// in the second-order sweep) were evicted again before use, and the Eikonal step got 0.4 ms slower on an H100
    /// instead of 0.09 ms faster (benchmarks/RESULTS.md).
    /// </summary>
    public static void PrefetchRows(StridedOperand layer, int rows, int sampleBase, int batch)
    {
        var row = Group.IdxX;
        if (row >= rows) return;
        layer.Prefetch(row, sampleBase);
        if (sampleBase + TiledMlpKernels.Samples / 2 < batch) layer.Prefetch(row, sampleBase + TiledMlpKernels.Samples / 2);
    }

    /// <summary><see cref="PrefetchRows(StridedOperand, int, int, int)"/> of the three operands the second-order step reads.</summary>
    public static void PrefetchRows(StridedOperand p, StridedOperand u, StridedOperand a, int rows, int sampleBase, int batch)
    {
        PrefetchRows(p, rows, sampleBase, batch);
        PrefetchRows(u, rows, sampleBase, batch);
        PrefetchRows(a, rows, sampleBase, batch);
    }
}
