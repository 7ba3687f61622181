using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// The tiled passes' layer products (<see cref="TiledMlpKernels"/>): A (a weight matrix or its transpose, staged 32
/// columns at a time by <see cref="WeightStaging"/>) times the group's tile (<see cref="SampleTile"/>), each thread left
/// with an 8 neurons × 8 samples <see cref="Block8x8"/>: on tensor cores for full layers, as per-sample dot products for
/// outputs of a few rows, otherwise as SIMT blocks with the K dimension split over idle threads.
/// </summary>
internal static class TileProducts
{
    /// <summary>Weight columns staged per step (the slices of <see cref="WeightImage"/>).</summary>
    private const int Depth = WeightImage.Depth;

    /// <summary>
    /// This thread's 8×8 block of A·tile: rows (neurons) 8·(thread/8) … +7 of A (<paramref name="rows"/> × <paramref name="depth"/>),
    /// samples thread%8·8 … +7 of the tile's first <paramref name="depth"/> rows. A is staged 32 columns at a time as
    /// [k][width] with its quads XOR-swizzled by k (conflict-free staging stores, contiguous quads for the reads).
    /// Few rows (the output layer, dL/dx) would leave most threads without a block, so there the K dimension is split
    /// among the idle threads and their partial blocks are added through the tile (<see cref="KSplit"/>); only the first
    /// threads then hold blocks. Ends with a barrier, so the caller may overwrite the tile.
    /// </summary>
    public static Block8x8 Product<TCores>(ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int depth, WeightSource a, int rows)
        where TCores : struct, ITensorCores
    {
        if (rows == width && TCores.Enabled) return TensorProduct<TCores>(tile, slice, width, depth, a);
        if (rows <= DotRows) return DotProducts(tile, slice, width, depth, a, rows);
        var thread = Group.IdxX;
        // Indices are non-negative and their divisors powers of two: shifts and masks, not the signed division and
        // remainder sequences (about 20 instructions each) that the GPU's compiler emits for / and %.
        var (blockShift, splitShift) = KSplit(rows, width);
        var blocks = 1 << blockShift;
        var splits = 1 << splitShift;
        var block = thread & (blocks - 1);
        var part = thread >> blockShift;
        var kPerPart = Depth >> splitShift;
        var rowQuad = block >> 3 << 1;
        var sampleQuad = (block & 7) << 1;
        var lane = thread & 31;
        var stageK = lane >> 2;
        var stageLine = (thread >> 5 << 2) + (lane & 3);
        var linesPerStep = width >> 3;
        var quadsPerLine = width >> 2;
        // A block whose 8 rows all lie past A skips the products.
        var computes = block >> 3 << 3 < rows;
        Block8x8 sums = default;
        for (var k0 = 0; k0 < depth; k0 += Depth)
        {
            WeightStaging.Stage(slice, a, rows, depth, width, k0, stageK, stageLine, linesPerStep);
            Group.Barrier();
            // This part's share of the slice, and only k < depth: tile rows past the depth hold stale values, and 0·NaN
            // would not be 0.
            for (var k = part * kPerPart; k < (part + 1) * kPerPart && k0 + k < depth && computes; k++)
            {
                var line = k * quadsPerLine;
                var swizzle = k & 15;
                var tileRow = k0 + k;
                var x = tileRow * (TiledMlpKernels.Samples / 4) + (sampleQuad ^ ((tileRow & SampleTile.Swizzle) << 1));
                sums = Block8x8.Add(sums, slice[line + (rowQuad ^ swizzle)], slice[line + ((rowQuad + 1) ^ swizzle)], tile[x], tile[x + 1]);
            }
            Group.Barrier();
        }
        if (splits == 1) return sums;
        // Part p's blocks occupy tile rows p·blocks … (p + 1)·blocks − 1 (splits · blocks = width rows in all).
        sums.StoreTile(tile, TiledMlpKernels.Samples / 4, (part << blockShift) + (block >> 3 << 3), (block & 7) << 3, SampleTile.Swizzle);
        Group.Barrier();
        Block8x8 total = default;
        if (thread < blocks)
        {
            for (var p = 0; p < splits; p++) total = Block8x8.AddTile(total, tile, TiledMlpKernels.Samples / 4, (p << blockShift) + (thread >> 3 << 3), (thread & 7) << 3, SampleTile.Swizzle);
        }
        Group.Barrier();
        return total;
    }

    /// <summary>Products of at most this many rows (an SDF's one output) run as per-sample dot products (<see cref="DotProducts"/>).</summary>
    private const int DotRows = 4;

    /// <summary>
    /// <see cref="Product{TCores}"/> of at most <see cref="DotRows"/> rows (the output layer of a network with few
    /// outputs): thread c &lt; 64 computes the rows' dot products with tile column c, one tile load and one 16-byte
    /// weight load (the four lines of a staged k are one quad, <see cref="SwizzledSlice.Slot"/>) per four multiply-adds.
    /// The 8×8 blocks wasted 7/8 of their multiply-adds on one row and then added 8 partial blocks through the tile:
    /// about a sixth of the forward pass's instructions (ncu, H100). The sums go through the tile into the first
    /// row block (threads 0 … 7; rows past <paramref name="rows"/> are zeros, as on the other paths); the other
    /// threads' blocks are zeros. Ends with a barrier.
    /// </summary>
    private static Block8x8 DotProducts(ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int depth, WeightSource a, int rows)
    {
        var floats = tile.Cast<float>();
        var thread = Group.IdxX;
        var lane = thread & 31;
        var stageK = lane >> 2;
        var stageLine = (thread >> 5 << 2) + (lane & 3);
        var column = thread & (TiledMlpKernels.Samples - 1);
        var computes = thread < TiledMlpKernels.Samples;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (var k0 = 0; k0 < depth; k0 += Depth)
        {
            WeightStaging.Stage(slice, a, rows, depth, width, k0, stageK, stageLine, width >> 3);
            Group.Barrier();
            for (var k = 0; k < Depth && k0 + k < depth && computes; k++)
            {
                var x = floats[SampleTile.Index(k0 + k, column)];
                // Lines 0 … 3 of staged k: quad (0 ^ (k mod 16)) of the k's row, lines past the rows zeros.
                var w = slice[k * (width >> 2) + (k & 15)];
                s0 += w.X * x;
                s1 += w.Y * x;
                s2 += w.Z * x;
                s3 += w.W * x;
            }
            Group.Barrier();
        }
        if (computes)
        {
            // Rows 0 … 3 (lines past the matrix were staged as zeros, so their sums are 0), and zeros for the rest of the
            // row block: a pass may store the block back into the tile (the second-order sweep does).
            floats[SampleTile.Index(0, column)] = s0;
            floats[SampleTile.Index(1, column)] = s1;
            floats[SampleTile.Index(2, column)] = s2;
            floats[SampleTile.Index(3, column)] = s3;
            floats[SampleTile.Index(4, column)] = 0f;
            floats[SampleTile.Index(5, column)] = 0f;
            floats[SampleTile.Index(6, column)] = 0f;
            floats[SampleTile.Index(7, column)] = 0f;
        }
        Group.Barrier();
        var sums = thread < 8 ? Block8x8.AddTile(default, tile, TiledMlpKernels.Samples / 4, 0, thread << 3, SampleTile.Swizzle) : default;
        Group.Barrier();
        return sums;
    }

    /// <summary>
    /// <see cref="Product{TCores}"/> of a full layer (width rows) on tensor cores in 3×TF32 (<see cref="Tf32"/>): warp w computes
    /// rows 32w … 32w + 31 × the tile's 64 columns as 2 × 8 tiles of 16 × 8, each k-step of 8 loading its A fragments
    /// from the staged weights and its B fragments from the tile (rows past the depth read as 0). The accumulators go
    /// through the tile into the usual 8×8 blocks, so the elementwise steps are the same as on the SIMT path. Accumulator
    /// r of tile (mt, nt) is kept in field (4mt + r, nt) of the block. Ends with a barrier.
    /// </summary>
    public static Block8x8 TensorProduct<TCores>(ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int depth, WeightSource a)
        where TCores : struct, ITensorCores
    {
        var staged = slice.Cast<float>();
        var floats = tile.Cast<float>();
        var thread = Group.IdxX;
        var lane = thread & 31;
        var g = lane >> 2;
        var t = lane & 3;
        var m0 = thread >> 5 << 5;
        var stageK = lane >> 2;
        var stageLine = (thread >> 5 << 2) + (lane & 3);
        var linesPerStep = width >> 3;
        // Tile rows from the depth to the next multiple of 8 (a product over one output, dL/dx of 3 inputs) must read as
        // zeros: they hold another layer's values, and 0·NaN would not be 0. Whole rows, so the swizzle does not matter.
        var padding = ((depth + 7) & ~7) - depth;
        for (var e = thread; e < padding * TiledMlpKernels.Samples; e += width) floats[(depth << 6) + e] = 0f;
        // This lane's fragment offsets: A in the staged weights (Slot's swizzle, see Tf32.SwizzledRows); B in the tile,
        // where row k0 + ks + t′, column 8nt + g lies at (row << 6) + ((8nt) ^ (t′ << 3)) + g, t′ = t or t + 4 being the
        // row's low 3 bits.
        var aOffsets = new Tf32.SwizzledRows(width, lane);
        var tx = t << 3;
        Block8x8 c = default;
        for (var k0 = 0; k0 < depth; k0 += Depth)
        {
            WeightStaging.Stage(slice, a, width, depth, width, k0, stageK, stageLine, linesPerStep);
            Group.Barrier();
            for (var ks = 0; ks < Depth && k0 + ks < depth; ks += 8)
            {
                var (top, bottom) = aOffsets.Fragments(staged, Tf32.SwizzledRows.Base(ks, width, m0));
                Block8x8.TensorStep<TileColumns, TCores>(ref c, top, bottom, new TileColumns { Floats = floats, Row = ((k0 + ks + t) << 6) + g, Swizzle = tx });
            }
            Group.Barrier();
        }
        // Accumulator r of tile (mt, nt) is element (m0 + 16mt + g + 8(r >> 1), 8nt + 2t + (r & 1)).
        Block8x8.StoreAccumulators(c, new TileSink { Floats = floats, Row = m0 + g, Column = 2 * t });
        Group.Barrier();
        var sums = Block8x8.AddTile(default, tile, TiledMlpKernels.Samples / 4, thread >> 3 << 3, (thread & 7) << 3, SampleTile.Swizzle);
        Group.Barrier();
        return sums;
    }

    /// <summary>
    /// B fragments from the tile: this lane's row (Row = row·64 + g) and the row 4 below, n-tile nt at column 8nt ^ the
    /// row's swizzle (Swizzle = 8t; the row 4 below has 8(t + 4) = Swizzle ^ 32).
    /// </summary>
    private struct TileColumns : IFragmentColumns
    {
        public ArrayView<float> Floats;
        public int Row, Swizzle;

        public readonly Tf32.FragmentB Column(int nt) =>
            Tf32.FragmentB.From(Floats[Row + ((nt << 3) ^ Swizzle)], Floats[Row + 256 + ((nt << 3) ^ Swizzle ^ 32)]);
    }

    /// <summary>Accumulators into the tile (swizzled), from this lane's origin (Row, Column).</summary>
    private struct TileSink : IAccumulatorSink
    {
        public ArrayView<float> Floats;
        public int Row, Column;

        public readonly void Store(int rows, int columns, float c0, float c1, float c2, float c3)
        {
            Floats[SampleTile.Index(Row + rows, Column + columns)] = c0;
            Floats[SampleTile.Index(Row + rows, Column + columns + 1)] = c1;
            Floats[SampleTile.Index(Row + rows + 8, Column + columns)] = c2;
            Floats[SampleTile.Index(Row + rows + 8, Column + columns + 1)] = c3;
        }
    }

    /// <summary>
    /// How a product of <paramref name="rows"/> rows is shared by a group of <paramref name="width"/> threads, as
    /// powers of two: the 8×8 blocks it needs (8 sample blocks × 8-row blocks) and how many parts its K dimension is
    /// split into so that every thread has work (1 for a full layer).
    /// </summary>
    private static (int BlockShift, int SplitShift) KSplit(int rows, int width)
    {
        var blockShift = 3;
        while ((1 << blockShift) < rows && (1 << blockShift) < width) blockShift++;
        var widthShift = blockShift;
        while ((1 << widthShift) < width) widthShift++;
        return (blockShift, widthShift - blockShift);
    }
}
