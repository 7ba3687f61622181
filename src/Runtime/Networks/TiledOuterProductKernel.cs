using ILGPU;
using ILGPU.Algorithms;

namespace TinyNN.Networks;

/// <summary>
/// dW += Σ_batch a bᵀ on a GPU as a tiled GEMM with the batch as its K dimension: a group of 64 threads owns a
/// 64×64 tile of dW and a chunk of samples, stages 32-sample slices of both operands in shared memory, and each
/// thread accumulates an 8×8 block in registers, reading its 8 + 8 operands per sample as four 16-byte loads
/// (a multiply-add bound loop: 64 FMAs per 4 loads); tiles the matrix fills run on tensor cores instead where the
/// <see cref="ITensorCores"/> argument allows (<see cref="TensorSums{TCores}"/>), and tiles it covers only partly split each
/// slice's samples over the threads a smaller block grid leaves idle. The staged slices are [sample][64] with their 4-float groups
/// XOR-swizzled by the sample index, so that the staging stores (a warp writes 4 rows × 8 samples, read from global
/// memory in 32-byte runs along the batch) hit 32 distinct banks while each quad stays contiguous for the reads.
/// Each group writes the chunk's sums to its own slice of a partials buffer [chunk][row][column];
/// <see cref="ReducePartials"/> then adds the chunks in a fixed order. No atomics: hundreds of groups adding into the
/// same floats serialise, and a fixed order makes the sums reproducible. Grid: X = chunks, Y = tiles.
/// A second operand pair (c, d) adds Σ c dᵀ in the same pass (K runs over both batches): backward-backward's
/// dL₂/dW = Σ δgᵀ + shᵀ is one launch.
/// </summary>
public static class TiledOuterProductKernel
{
    /// <summary>Rows and columns of dW one group owns.</summary>
    public const int Tile = 64;

    /// <summary>Samples staged in shared memory per step.</summary>
    public const int Depth = 32;

    /// <summary>Threads per group (8 × 8 blocks of 8×8 on the SIMT path; 2 warps of 32 rows on tensor cores).</summary>
    public const int GroupSize = 64;

    /// <summary>
    /// Stage 1 (explicitly grouped: launch with <see cref="GroupSize"/> threads a group): one chunk's sums per group.
    /// With <see cref="WithTensorCores"/>, tiles the matrix fills run on tensor cores (<see cref="TensorSums{TCores}"/>;
    /// emulated off CUDA, which is how the tests reach it); the others, and every tile without, on the SIMT blocks.
    /// </summary>
    public static void Partials<TCores>(ArrayView<float> partials, int rows, int columns, int batchSize, int chunkSize,
        StridedOperand a, StridedOperand b, StridedOperand c, StridedOperand d, int pairs) where TCores : struct, ITensorCores
    {
        var quadsA = SharedMemory.Allocate<Float4>(Depth * Tile / 4);
        var quadsB = SharedMemory.Allocate<Float4>(Depth * Tile / 4);
        var tileColumns = (columns + Tile - 1) / Tile;
        var rowBase = Grid.IdxY / tileColumns * Tile;
        var columnBase = Grid.IdxY % tileColumns * Tile;
        var start = Grid.IdxX * chunkSize;
        var end = XMath.Min(start + chunkSize, batchSize * pairs);
        var offset = (long)Grid.IdxX * rows * columns;
        if (TCores.Enabled && rowBase + Tile <= rows && columnBase + Tile <= columns)
        {
            TensorSums<TCores>(quadsA, quadsB, partials, offset, columns, rowBase, columnBase, start, end, batchSize, a, b, c, d);
            return;
        }
        var (sums, row, column, owns) = Accumulate(quadsA, quadsB, rows, columns, rowBase, columnBase, start, end, batchSize, a, b, c, d);
        if (owns) sums.Store(partials, offset, rows, columns, rowBase + row, columnBase + column);
    }

    /// <summary>
    /// A full 64×64 tile's chunk sums on tensor cores in 3×TF32 (<see cref="Tf32"/>), written to
    /// partials[offset + row·columns + column]: the slices are staged as for the SIMT blocks, and warp w computes rows
    /// 32w … 32w + 31 × 64 columns as 2 × 8 tiles of 16 × 8, a k-step of 8 samples at a time (one mma instruction
    /// per 1 024 multiply-adds of a warp instead of one FFMA per multiply-add of a thread).
    /// </summary>
    private static void TensorSums<TCores>(ArrayView<Float4> quadsA, ArrayView<Float4> quadsB, ArrayView<float> partials, long offset, int columns,
        int rowBase, int columnBase, int start, int end, int pairBoundary, StridedOperand a, StridedOperand b, StridedOperand c, StridedOperand d)
        where TCores : struct, ITensorCores
    {
        var sharedA = quadsA.Cast<float>();
        var sharedB = quadsB.Cast<float>();
        var thread = Group.IdxX;
        var lane = thread & 31;
        var g = lane >> 2;
        var t = lane & 3;
        var m0 = thread >> 5 << 5;
        var stageK = lane >> 2;
        var stageLine = (thread >> 5 << 2) + (lane & 3);
        // This lane's fragment offsets in the swizzled slices (Swizzled): element (ks + t′, line) lies at
        // ks·64 + t′·64 + (((line/4) ^ (ks & 8) ^ t′) << 2) + line mod 4, t′ = t or t + 4. For A (line = m0 + g + 8r) see
        // Tf32.SwizzledRows; for B, line = 8nt + g and (2nt ^ (ks & 8)) is the same for every lane.
        var aOffsets = new Tf32.SwizzledRows(Tile, lane);
        var gq = g >> 2;
        var g3 = g & 3;
        int b0 = t * Tile + g3, b1 = (t + 4) * Tile + g3, v0 = gq ^ t, v1 = gq ^ (t + 4);
        Block8x8 s = default; // accumulator r of tile (mt, nt) in field (4mt + r, nt)
        for (var k0 = start; k0 < end; k0 += Depth)
        {
            StageSlices(sharedA, a, c, rowBase + Tile, rowBase, sharedB, b, d, columnBase + Tile, columnBase, pairBoundary, end, k0, stageK, stageLine);
            Group.Barrier();
            // Staged samples past the range are zeros, so every k-step is whole.
            for (var ks = 0; ks < Depth; ks += 8)
            {
                var (top, bottom) = aOffsets.Fragments(sharedA, Tf32.SwizzledRows.Base(ks, Tile, m0));
                Block8x8.TensorStep<SliceColumns, TCores>(ref s, top, bottom, new SliceColumns
                {
                    Shared = sharedB, Row0 = ks * Tile + b0, Row1 = ks * Tile + b1, Warp = ks & 8, Lane0 = v0, Lane1 = v1,
                });
            }
            Group.Barrier();
        }
        // Accumulator r of tile (mt, nt) is element (m0 + 16mt + g + 8(r >> 1), 8nt + 2t + (r & 1)) of the tile.
        Block8x8.StoreAccumulators(s, new PartialsSink { At = partials.SubView(offset + (long)(rowBase + m0 + g) * columns + columnBase + 2 * t), Columns = columns });
    }

    /// <summary>
    /// B fragments from the swizzled slice: n-tile nt at quad (2nt ^ Warp) ^ Lane0 of this lane's row Row0 and
    /// (2nt ^ Warp) ^ Lane1 of Row1 (Warp = ks &amp; 8 is the same for the warp).
    /// </summary>
    private struct SliceColumns : IFragmentColumns
    {
        public ArrayView<float> Shared;
        public int Row0, Row1, Warp, Lane0, Lane1;

        public readonly Tf32.FragmentB Column(int nt) =>
            Tf32.FragmentB.From(Shared[Row0 + ((((nt << 1) ^ Warp) ^ Lane0) << 2)], Shared[Row1 + ((((nt << 1) ^ Warp) ^ Lane1) << 2)]);
    }

    /// <summary>Accumulators into a chunk's partial sums, from this lane's origin in a matrix of <c>Columns</c> columns.</summary>
    private struct PartialsSink : IAccumulatorSink
    {
        public ArrayView<float> At;
        public int Columns;

        public readonly void Store(int rows, int columns, float c0, float c1, float c2, float c3)
        {
            var o = rows * Columns + columns;
            At[o] = c0;
            At[o + 1] = c1;
            At[o + 8 * Columns] = c2;
            At[o + 8 * Columns + 1] = c3;
        }
    }

    /// <summary>
    /// A layer's matrix product on a GPU, the same tiles with the layer's inputs as K: y(m, n) = Σₖ a(m, k)·b(n, k) for
    /// m &lt; <paramref name="rows"/>, n &lt; <paramref name="columns"/>, k &lt; <paramref name="depth"/>, written to y(m, n).
    /// For y = W x: a = W (row m, column k), b(n, k) = x(k, sample n). Grid X: tiles (row tiles × column tiles).
    /// </summary>
    public static void Product(int rows, int columns, int depth, StridedOperand a, StridedOperand b, StridedOperand y)
    {
        var tileColumns = (columns + Tile - 1) / Tile;
        var rowBase = Grid.IdxX / tileColumns * Tile;
        var columnBase = Grid.IdxX % tileColumns * Tile;
        var quadsA = SharedMemory.Allocate<Float4>(Depth * Tile / 4);
        var quadsB = SharedMemory.Allocate<Float4>(Depth * Tile / 4);
        var (sums, row, column, owns) = Accumulate(quadsA, quadsB, rows, columns, rowBase, columnBase, 0, depth, depth, a, b, a, b);
        if (owns) sums.Store(y, rows, columns, rowBase + row, columnBase + column);
    }

    /// <summary>
    /// This thread's 8×8 block of Σₖ a(m, k)·b(n, k) over k in [start, end) for the group's 64×64 tile at (rowBase,
    /// columnBase), and where the block lies in the tile; positions k ≥ <paramref name="pairBoundary"/> read the second pair
    /// (c, d) at k − pairBoundary. A tile that the matrix covers only partly (the first layer's 16 columns, the output layer's
    /// one row) needs fewer blocks than threads: there each staged slice's samples are split among the threads of a
    /// block and their partial blocks are added through shared memory, so that padding is not multiplied; threads
    /// left without a block then own none.
    /// </summary>
    private static (Block8x8 Sums, int Row, int Column, bool Owns) Accumulate(ArrayView<Float4> quadsA, ArrayView<Float4> quadsB, int rows, int columns,
        int rowBase, int columnBase, int start, int end, int pairBoundary, StridedOperand a, StridedOperand b, StridedOperand c, StridedOperand d)
    {
        var sharedA = quadsA.Cast<float>();
        var sharedB = quadsB.Cast<float>();
        var thread = Group.IdxX;
        // Indices are non-negative and their divisors powers of two: shifts and masks, not the signed division and
        // remainder sequences (about 20 instructions each) that the GPU's compiler emits for / and %.
        var rowShift = BlockShift(rows - rowBase);
        var columnShift = BlockShift(columns - columnBase);
        var blockShift = rowShift + columnShift;
        var blocks = 1 << blockShift;
        // At most 64 parts of the group, at most 32 (the staged samples): 2^partShift parts of 32 >> partShift samples.
        var partShift = XMath.Min(6 - blockShift, 5);
        var parts = 1 << partShift;
        var block = thread & (blocks - 1);
        var part = thread >> blockShift;
        var kPerPart = Depth >> partShift;
        // This thread's block: rows r0..r0+7 and columns c0..c0+7 of the tile, i.e. quads r0/4, r0/4+1 and c0/4, c0/4+1.
        var blockRow = block >> columnShift << 3;
        var blockColumn = (block & ((1 << columnShift) - 1)) << 3;
        var rowQuad = blockRow >> 2;
        var columnQuad = blockColumn >> 2;
        // Staging: a warp covers 4 consecutive lines × 8 consecutive k per step.
        var lane = thread & 31;
        var stageK = lane >> 2;
        var stageLine = (thread >> 5 << 2) + (lane & 3);

        Block8x8 sums = default;
        for (var k0 = start; k0 < end; k0 += Depth)
        {
            StageSlices(sharedA, a, c, rows, rowBase, sharedB, b, d, columns, columnBase, pairBoundary, end, k0, stageK, stageLine);
            Group.Barrier();
            // This part's samples of the slice; a block whose 8 rows all lie past the matrix skips the products.
            for (var k = part * kPerPart; k < (part + 1) * kPerPart && k < Depth && rowBase + blockRow < rows; k++)
            {
                var row = k * (Tile / 4);
                var swizzle = k & 15;
                sums = Block8x8.Add(sums, quadsA[row + (rowQuad ^ swizzle)], quadsA[row + ((rowQuad + 1) ^ swizzle)],
                    quadsB[row + (columnQuad ^ swizzle)], quadsB[row + ((columnQuad + 1) ^ swizzle)]);
            }
            Group.Barrier();
        }
        if (parts == 1) return (sums, blockRow, blockColumn, true);
        // Partial block (part, block) goes to slot part·blocks + block of the staging memory seen as two [32][64] areas.
        var slot = (part << blockShift) + block;
        if (part < parts) sums.StoreTile(slot < 32 ? quadsA : quadsB, Tile / 4, (slot & 31) >> 3 << 3, (slot & 7) << 3, 0);
        Group.Barrier();
        Block8x8 total = default;
        if (thread < blocks)
        {
            for (var q = 0; q < parts; q++)
            {
                var from = (q << blockShift) + thread;
                total = Block8x8.AddTile(total, from < 32 ? quadsA : quadsB, Tile / 4, (from & 31) >> 3 << 3, (from & 7) << 3, 0);
            }
        }
        return (total, thread >> columnShift << 3, (thread & ((1 << columnShift) - 1)) << 3, thread < blocks);
    }

    /// <summary>log₂ of the 8-wide blocks, a power of two up to 8, that cover <paramref name="extent"/> rows or columns of a tile.</summary>
    private static int BlockShift(int extent)
    {
        var shift = 0;
        while ((8 << shift) < extent && shift < 3) shift++;
        return shift;
    }

    /// <summary>
    /// Stages samples k0 … k0 + 31 of both operands' 64 lines (A: lines of a or c from <paramref name="rowBase"/>, B: of b
    /// or d from <paramref name="columnBase"/>) into their swizzled slices. A slice inside one operand pair and the range
    /// (every slice but a chunk's last and one straddling the pairs) reads both through one origin each with 32-bit
    /// offsets, thirty-two loads in flight a thread; the others take <see cref="StageSlice"/>'s checked path.
    /// </summary>
    private static void StageSlices(ArrayView<float> sharedA, StridedOperand a, StridedOperand c, int rows, int rowBase,
        ArrayView<float> sharedB, StridedOperand b, StridedOperand d, int columns, int columnBase, int pairBoundary, int end, int k0, int stageK, int stageLine)
    {
        if (k0 + Depth <= end && (k0 + Depth <= pairBoundary || k0 >= pairBoundary))
        {
            var inFirst = k0 < pairBoundary;
            var position = (inFirst ? k0 : k0 - pairBoundary) + stageK;
            var left = inFirst ? a : c;
            var right = inFirst ? b : d;
            // Lines past the matrix (a partly covered tile: the first layer's 16 columns, the output layer's row) are zeros.
            var originA = rowBase + stageLine < rows ? left.Origin(rowBase + stageLine, position) : default;
            var originB = columnBase + stageLine < columns ? right.Origin(columnBase + stageLine, position) : default;
            SwizzledSlice.StageLines(sharedA, originA, left.RowStride, left.SampleStride, rows - rowBase,
                sharedB, originB, right.RowStride, right.SampleStride, columns - columnBase, Tile, stageK, stageLine, 8);
            return;
        }
        StageSlice(sharedA, a, c, pairBoundary, end, rows, rowBase, k0, stageK, stageLine);
        StageSlice(sharedB, b, d, pairBoundary, end, columns, columnBase, k0, stageK, stageLine);
    }

    /// <summary>
    /// The checked path of <see cref="StageSlices"/> for one operand (a chunk's last slice, or one straddling the
    /// pairs): samples k0 … k0 + 31 of its 64 lines from <paramref name="lineBase"/> (this thread: lines stageLine + 8i,
    /// samples stageK + 8j), each element checked against the range, the pair boundary and the matrix (about 35
    /// instructions an element, which is why full slices take the fast path).
    /// </summary>
    private static void StageSlice(ArrayView<float> shared, StridedOperand first, StridedOperand second, int pairBoundary, int end, int lines,
        int lineBase, int k0, int stageK, int stageLine)
    {
        for (var i = 0; i < 8; i++)
        {
            var line = stageLine + 8 * i;
            var p = k0 + stageK;
            float v0 = Fetch(first, second, pairBoundary, end, lines, lineBase + line, p), v1 = Fetch(first, second, pairBoundary, end, lines, lineBase + line, p + 8),
                v2 = Fetch(first, second, pairBoundary, end, lines, lineBase + line, p + 16), v3 = Fetch(first, second, pairBoundary, end, lines, lineBase + line, p + 24);
            shared[Swizzled(stageK, line)] = v0;
            shared[Swizzled(stageK + 8, line)] = v1;
            shared[Swizzled(stageK + 16, line)] = v2;
            shared[Swizzled(stageK + 24, line)] = v3;
        }
    }

    /// <summary>Element (line, position) of the first operand, or of the second at position − pairBoundary; 0 outside the matrix or range.</summary>
    private static float Fetch(StridedOperand first, StridedOperand second, int pairBoundary, int end, int lines, int line, int position)
    {
        if (position >= end || line >= lines) return 0f;
        return position < pairBoundary ? first.At(line, position) : second.At(line, position - pairBoundary);
    }

    /// <summary>Where element (sample k, line) of a staged slice lives: quad (line / 4) XOR (k mod 16), lane line mod 4.</summary>
    private static int Swizzled(int k, int line) => SwizzledSlice.Slot(Tile, k, line);

    /// <summary>Elements of dW one reduction group owns; its <see cref="ReduceGroupSize"/> threads split the chunks in 16 lanes.</summary>
    public const int ReduceElements = 16;

    /// <summary>Threads per reduction group.</summary>
    public const int ReduceGroupSize = 256;

    /// <summary>
    /// Stage 2 (explicitly grouped, <see cref="ReduceGroupSize"/> threads, ⌈elements / <see cref="ReduceElements"/>⌉
    /// groups): gradient[offset + e] += Σ over chunks of partials[chunk][e]. Lane l of an element sums chunks l, l + 16, …
    /// and the 16 lane sums are added in lane order, so the result is the same on every run (one thread per element
    /// walking 1024 chunks left the GPU idle). Each lane keeps eight running sums in a fixed order, so the loads overlap.
    /// </summary>
    public static void ReducePartials(ArrayView<float> gradient, long gradientOffset, ArrayView<float> partials, int elements, int chunks)
    {
        var lanes = SharedMemory.Allocate<float>(ReduceGroupSize);
        var thread = Group.IdxX;
        var element = Grid.IdxX * ReduceElements + thread % ReduceElements;
        var lane = thread / ReduceElements;
        var sum = 0f;
        if (element < elements)
        {
            // Eight loads an iteration into eight sums: one dependent sum waited for every load in turn (64 memory
            // latencies a lane at 1 024 chunks, 30 µs a launch on an H100).
            const int Lanes = ReduceGroupSize / ReduceElements;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
            var chunk = lane;
            for (; chunk + 7 * Lanes < chunks; chunk += 8 * Lanes)
            {
                var at = (long)chunk * elements + element;
                var step = (long)Lanes * elements;
                s0 += partials[at];
                s1 += partials[at + step];
                s2 += partials[at + 2 * step];
                s3 += partials[at + 3 * step];
                s4 += partials[at + 4 * step];
                s5 += partials[at + 5 * step];
                s6 += partials[at + 6 * step];
                s7 += partials[at + 7 * step];
            }
            for (; chunk < chunks; chunk += Lanes) s0 += partials[(long)chunk * elements + element];
            sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        }
        lanes[thread] = sum;
        Group.Barrier();
        if (lane == 0 && element < elements)
        {
            var total = 0f;
            for (var l = 0; l < ReduceGroupSize / ReduceElements; l++) total += lanes[l * ReduceElements + thread];
            gradient[gradientOffset + element] += total;
        }
    }

    /// <summary>How to split <paramref name="samples"/> (both operand pairs together) into chunks of at least 512 samples.</summary>
    public static (int Chunks, int ChunkSize) Chunking(long samples)
    {
        // About 1024 chunks per tile at large batches: enough 64-thread groups to fill every SM several times over.
        var perChunk = Math.Max(512, (samples + 1023) / 1024);
        var chunkSize = (int)((perChunk + Depth - 1) / Depth * Depth);
        return ((int)((samples + chunkSize - 1) / chunkSize), chunkSize);
    }
}
