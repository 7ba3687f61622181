using ILGPU;
using ILGPU.Algorithms;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// The fused MLP passes of widths 64 and 128 on a GPU, warp-cooperative: a group of <c>width</c> threads carries 64
/// samples through every layer of a pass. The layer vectors of those samples live in a shared-memory tile
/// [neuron][sample]; each layer is a small GEMM (<see cref="Product{TCores}"/>: weights staged 32 columns at a time;
/// a full layer on tensor cores in 3×TF32 where the passes' <see cref="ITensorCores"/> argument allows, <see cref="TensorProduct"/>;
/// otherwise each thread an 8 neurons × 8 samples block in registers from 16-byte operand loads, with the K dimension
/// split over idle threads for thin products) followed by an elementwise step (<see cref="IElementOp{TSelf}"/>) that keeps what later passes read and writes the next
/// layer back into the tile. One sample a thread cannot do this: a 64-vector and its product already fill the 255
/// registers (ptxas spills), and a 128-vector cannot fit at all. Same math and layouts as <see cref="FusedMlpKernels"/>.
/// Launch: one group per 64 samples, <c>width</c> threads, <see cref="SharedFloat4s"/> quads of dynamic shared memory.
/// </summary>
public static class TiledMlpKernels
{
    /// <summary>Samples a group carries.</summary>
    public const int Samples = 64;

    /// <summary>Weight columns staged per step (the slices of <see cref="WeightImage"/>).</summary>
    private const int Depth = WeightImage.Depth;

    /// <summary>Dynamic shared memory in 16-byte quads: the [width][64] tile and a [32][width] weight slice (48 KB at width 128).</summary>
    public static int SharedFloat4s(int width) => width * Samples / 4 + Depth * width / 4;

    /// <summary>Whether a network of this shape runs on tiles: width 64 or 128, inputs and outputs no wider than the tile.</summary>
    public static bool Supports(MlpLayout layout) =>
        (layout.Width == 64 || layout.Width == 128) && layout.InputWidth <= layout.Width && layout.OutputWidth <= layout.Width;

    /// <summary>y = σ_out(W_out σ(…σ(W₀x))); with <paramref name="keep"/> ≠ 0 it keeps p and h for the backward passes.</summary>
    public static void Forward<THidden, TOutput, TCores>(MlpViews v, int width, int keep)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = Shared(width);
        var (row, column, sample, sampleBase) = Position();
        LoadTile(tile, SampleMajor(v.Input, v.InputWidth), v.InputWidth, sampleBase, v.BatchSize, width);
        Group.Barrier();
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var fanIn = k == 0 ? v.InputWidth : width;
            var p = Product<TCores>(tile, slice, width, fanIn, Matrix(v, width, k), width);
            var h = Block8x8.Map(p, new ForwardHiddenOp<THidden>
            {
                PreActivations = Layer(v.PreActivations, width, k, v.BatchSize),
                Activations = Layer(v.Activations, width, k, v.BatchSize),
                Keep = keep,
            }, width, v.BatchSize, row, sample, SampleStep);
            h.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
            Group.Barrier();
        }
        var output = Product<TCores>(tile, slice, width, width, Matrix(v, width, v.HiddenLayers), v.OutputWidth);
        Block8x8.Map(output, new ForwardOutputOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            Output = SampleMajor(v.Output, v.OutputWidth),
            Keep = keep,
        }, v.OutputWidth, v.BatchSize, row, sample, SampleStep);
    }

    /// <summary>
    /// δ for every layer from dL/dy (and the adjoints a when the views bind them), then dL/dx when
    /// <paramref name="inputGradient"/> ≠ 0. Backward-of-backward's adjoint sweep is this pass without dL/dx.
    /// </summary>
    public static void Backward<THidden, TOutput, TCores>(MlpViews v, int width, int inputGradient)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = Shared(width);
        var (row, column, sample, sampleBase) = Position();
        var delta = Block8x8.Map(default(Block8x8), new OutputDeltaOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            OutputGradient = SampleMajor(v.OutputGradient, v.OutputWidth),
            Deltas = SampleMajor(v.OutputDeltas, v.OutputWidth),
        }, v.OutputWidth, v.BatchSize, row, sample, SampleStep);
        delta.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
        Group.Barrier();
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var kept = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var adjoint = Product<TCores>(tile, slice, width, FanOut(v, width, k + 1), Transposed(v, width, k + 1), width);
            PrefetchRows(kept, width, sampleBase, v.BatchSize);
            delta = Block8x8.Map(adjoint, new HiddenDeltaOp<THidden>
            {
                PreActivations = kept,
                Adjoints = Layer(v.Adjoints, width, k, v.BatchSize),
                Deltas = Layer(v.Deltas, width, k, v.BatchSize),
                KeepAdjoint = v.Adjoints.Length > 0 ? 1 : 0,
            }, width, v.BatchSize, row, sample, SampleStep);
            delta.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
            Group.Barrier();
        }
        if (inputGradient != 0) InputGradient<TCores>(v, tile, slice, width, row, sample);
    }

    /// <summary>Backward-of-backward, the tangent sweep: uₖ = Wₖgₖ and gₖ₊₁ = σ′(pₖ)⊙uₖ from g₀ = dL₂/d(dL₁/dx); keeps u and g.</summary>
    public static void TangentSweep<THidden, TOutput, TCores>(MlpViews v, int width, int unused)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = Shared(width);
        var (row, column, sample, sampleBase) = Position();
        LoadTile(tile, SampleMajor(v.InputGradientDirection, v.InputWidth), v.InputWidth, sampleBase, v.BatchSize, width);
        Group.Barrier();
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var fanIn = k == 0 ? v.InputWidth : width;
            var kept = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var u = Product<TCores>(tile, slice, width, fanIn, Matrix(v, width, k), width);
            PrefetchRows(kept, width, sampleBase, v.BatchSize);
            var g = Block8x8.Map(u, new TangentOp<THidden>
            {
                PreActivations = kept,
                Tangents = Layer(v.Tangents, width, k, v.BatchSize),
                TangentActivations = Layer(v.TangentActivations, width, k, v.BatchSize),
            }, width, v.BatchSize, row, sample, SampleStep);
            g.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
            Group.Barrier();
        }
    }

    /// <summary>
    /// Backward-of-backward, the second-order adjoint sweep: from the output tangent, dL₂/d(dL₁/dy) and s at the output,
    /// then sₖ = σ′(pₖ)⊙Wₖ₊₁ᵀsₖ₊₁ + σ″(pₖ)⊙uₖ⊙aₖ₊₁ down to dL₂/dx = W₀ᵀs₀; keeps s for dL₂/dW.
    /// </summary>
    public static void SecondAdjointSweep<THidden, TOutput, TCores>(MlpViews v, int width, int unused)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = Shared(width);
        var (row, column, sample, sampleBase) = Position();
        LoadTile(tile, Layer(v.TangentActivations, width, v.HiddenLayers - 1, v.BatchSize), width, sampleBase, v.BatchSize, width);
        Group.Barrier();
        var outputTangent = Product<TCores>(tile, slice, width, width, Matrix(v, width, v.HiddenLayers), v.OutputWidth);
        var second = Block8x8.Map(outputTangent, new OutputSecondOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            OutputGradient = SampleMajor(v.OutputGradient, v.OutputWidth),
            ExtraOutputGradient = SampleMajor(v.ExtraOutputGradient, v.OutputWidth),
            OutputGradientGradient = SampleMajor(v.OutputGradientGradient, v.OutputWidth),
            SecondDeltas = SampleMajor(v.OutputSecondDeltas, v.OutputWidth),
        }, v.OutputWidth, v.BatchSize, row, sample, SampleStep);
        second.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
        Group.Barrier();
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var p = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var u = Layer(v.Tangents, v.TangentsAddress, width, k, v.BatchSize);
            var a = Layer(v.Adjoints, v.AdjointsAddress, width, k, v.BatchSize);
            var e = Product<TCores>(tile, slice, width, FanOut(v, width, k + 1), Transposed(v, width, k + 1), width);
            PrefetchRows(p, u, a, width, sampleBase, v.BatchSize);
            second = Block8x8.Map(e, new HiddenSecondOp<THidden>
            {
                PreActivations = p,
                Tangents = u,
                Adjoints = a,
                SecondDeltas = Layer(v.SecondDeltas, width, k, v.BatchSize),
            }, width, v.BatchSize, row, sample, SampleStep);
            second.StoreTile(tile, Samples / 4, row, column, TileSwizzle);
            Group.Barrier();
        }
        InputGradient<TCores>(v, tile, slice, width, row, sample);
    }

    /// <summary>dL/dx = W₀ᵀ(tile) into the [batch, in] input gradient.</summary>
    private static void InputGradient<TCores>(MlpViews v, ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int row, int sample)
        where TCores : struct, ITensorCores
    {
        var gradient = Product<TCores>(tile, slice, width, width, Transposed(v, width, 0), v.InputWidth);
        // Through the tile, so that the [batch, in] stores are contiguous runs (the blocks' own stores would hit a
        // 32-byte sector for every 4 bytes).
        gradient.StoreTile(tile, Samples / 4, row, (Group.IdxX & 7) << 3, TileSwizzle);
        Group.Barrier();
        StoreSampleMajor(tile, v.InputGradient, v.InputWidth, sample - (Group.IdxX & 7), v.BatchSize, width);
    }

    /// <summary>The tile's first <paramref name="rows"/> rows to a [batch, rows] array, thread i storing floats i, i + width, … of the group's run.</summary>
    private static void StoreSampleMajor(ArrayView<Float4> tile, ArrayView<float> destination, int rows, int sampleBase, int batch, int width)
    {
        var floats = tile.Cast<float>();
        var available = XMath.Min(Samples, batch - sampleBase) * rows;
        var run = destination.SubView((long)sampleBase * rows, available);
        for (var e = Group.IdxX; e < available; e += width)
        {
            var s = e / rows;
            run[e] = floats[TileIndex(e - s * rows, TileColumn(s))];
        }
    }

    /// <summary>The tile column that holds the group's sample s (the inverse of <see cref="LoadTile"/>'s order).</summary>
    private static int TileColumn(int s) => ((s & 7) << 3) + (s >> 3);

    /// <summary>
    /// This thread's 8×8 block of A·tile: rows (neurons) 8·(thread/8) … +7 of A (<paramref name="rows"/> × <paramref name="depth"/>),
    /// samples thread%8·8 … +7 of the tile's first <paramref name="depth"/> rows. A is staged 32 columns at a time as
    /// [k][width] with its quads XOR-swizzled by k (conflict-free staging stores, contiguous quads for the reads).
    /// Few rows (the output layer, dL/dx) would leave most threads without a block, so there the K dimension is split
    /// among the idle threads and their partial blocks are added through the tile (<see cref="KSplit"/>); only the first
    /// threads then hold blocks. Ends with a barrier, so the caller may overwrite the tile.
    /// </summary>
    private static Block8x8 Product<TCores>(ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int depth, WeightSource a, int rows)
        where TCores : struct, ITensorCores
    {
        if (rows == width && TCores.Enabled) return TensorProduct(tile, slice, width, depth, a);
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
            StageWeights(slice, a, rows, depth, width, k0, stageK, stageLine, linesPerStep);
            Group.Barrier();
            // This part's share of the slice, and only k < depth: tile rows past the depth hold stale values, and 0·NaN
            // would not be 0.
            for (var k = part * kPerPart; k < (part + 1) * kPerPart && k0 + k < depth && computes; k++)
            {
                var line = k * quadsPerLine;
                var swizzle = k & 15;
                var tileRow = k0 + k;
                var x = tileRow * (Samples / 4) + (sampleQuad ^ ((tileRow & TileSwizzle) << 1));
                sums = Block8x8.Add(sums, slice[line + (rowQuad ^ swizzle)], slice[line + ((rowQuad + 1) ^ swizzle)], tile[x], tile[x + 1]);
            }
            Group.Barrier();
        }
        if (splits == 1) return sums;
        // Part p's blocks occupy tile rows p·blocks … (p + 1)·blocks − 1 (splits · blocks = width rows in all).
        sums.StoreTile(tile, Samples / 4, (part << blockShift) + (block >> 3 << 3), (block & 7) << 3, TileSwizzle);
        Group.Barrier();
        Block8x8 total = default;
        if (thread < blocks)
        {
            for (var p = 0; p < splits; p++) total = Block8x8.AddTile(total, tile, Samples / 4, (p << blockShift) + (thread >> 3 << 3), (thread & 7) << 3, TileSwizzle);
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
        var column = thread & (Samples - 1);
        var computes = thread < Samples;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (var k0 = 0; k0 < depth; k0 += Depth)
        {
            StageWeights(slice, a, rows, depth, width, k0, stageK, stageLine, width >> 3);
            Group.Barrier();
            for (var k = 0; k < Depth && k0 + k < depth && computes; k++)
            {
                var x = floats[TileIndex(k0 + k, column)];
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
            floats[TileIndex(0, column)] = s0;
            floats[TileIndex(1, column)] = s1;
            floats[TileIndex(2, column)] = s2;
            floats[TileIndex(3, column)] = s3;
            floats[TileIndex(4, column)] = 0f;
            floats[TileIndex(5, column)] = 0f;
            floats[TileIndex(6, column)] = 0f;
            floats[TileIndex(7, column)] = 0f;
        }
        Group.Barrier();
        var sums = thread < 8 ? Block8x8.AddTile(default, tile, Samples / 4, 0, thread << 3, TileSwizzle) : default;
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
    internal static Block8x8 TensorProduct(ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int depth, WeightSource a)
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
        for (var e = thread; e < padding * Samples; e += width) floats[(depth << 6) + e] = 0f;
        // This lane's fragment offsets: A in the staged weights (Slot's swizzle, see Tf32.SwizzledRows); B in the tile,
        // where row k0 + ks + t′, column 8nt + g lies at (row << 6) + ((8nt) ^ (t′ << 3)) + g, t′ = t or t + 4 being the
        // row's low 3 bits.
        var aOffsets = new Tf32.SwizzledRows(width, lane);
        var tx = t << 3;
        Block8x8 c = default;
        for (var k0 = 0; k0 < depth; k0 += Depth)
        {
            StageWeights(slice, a, width, depth, width, k0, stageK, stageLine, linesPerStep);
            Group.Barrier();
            for (var ks = 0; ks < Depth && k0 + ks < depth; ks += 8)
            {
                var (top, bottom) = aOffsets.Fragments(staged, Tf32.SwizzledRows.Base(ks, width, m0));
                TensorBlock.Step(ref c, top, bottom, new TileColumns { Floats = floats, Row = ((k0 + ks + t) << 6) + g, Swizzle = tx });
            }
            Group.Barrier();
        }
        // Accumulator r of tile (mt, nt) is element (m0 + 16mt + g + 8(r >> 1), 8nt + 2t + (r & 1)).
        TensorBlock.Store(c, new TileSink { Floats = floats, Row = m0 + g, Column = 2 * t });
        Group.Barrier();
        var sums = Block8x8.AddTile(default, tile, Samples / 4, thread >> 3 << 3, (thread & 7) << 3, TileSwizzle);
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
            Floats[TileIndex(Row + rows, Column + columns)] = c0;
            Floats[TileIndex(Row + rows, Column + columns + 1)] = c1;
            Floats[TileIndex(Row + rows + 8, Column + columns)] = c2;
            Floats[TileIndex(Row + rows + 8, Column + columns + 1)] = c3;
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

    /// <summary>
    /// Columns k0 … k0 + 31 of A into the slice: with the call's <see cref="WeightImage"/> a straight copy
    /// (<see cref="CopySlice"/>); without one (inference) width × 32 elements gathered by width threads, a warp storing
    /// 4 lines × 8 columns a step, sixteen loads issued before their stores (<see cref="SwizzledSlice.StageLines(ArrayView{float}, int, ArrayView{float}, int, int, int, int, int, int)"/>).
    /// A slice inside the depth reads through one origin with 32-bit offsets, lines past A as zeros; only the last,
    /// partial slice of a depth that is not a multiple of 32 checks each element.
    /// </summary>
    private static void StageWeights(ArrayView<Float4> slice, WeightSource source, int rows, int depth, int width, int k0, int stageK, int stageLine,
        int linesPerStep)
    {
        if (source.Image.Length > 0)
        {
            CopySlice(slice, source.Image, k0, width);
            return;
        }
        var staged = slice.Cast<float>();
        var a = source.Operand;
        if (k0 + Depth <= depth)
        {
            // Lines past A (a thin product's padding: the output layer, dL/dx) are zeros.
            var origin = stageLine < rows ? a.Origin(stageLine, k0 + stageK) : default;
            SwizzledSlice.StageLines(staged, width, origin, a.RowStride, a.SampleStride, stageK, stageLine, linesPerStep, rows);
            return;
        }
        for (var e = 0; e < Depth; e += 8)
        {
            var line = stageLine + linesPerStep * (e >> 2);
            var next = line + linesPerStep;
            float v0 = Stage(a, rows, depth, k0 + stageK, line), v1 = Stage(a, rows, depth, k0 + stageK + 8, line),
                v2 = Stage(a, rows, depth, k0 + stageK + 16, line), v3 = Stage(a, rows, depth, k0 + stageK + 24, line),
                v4 = Stage(a, rows, depth, k0 + stageK, next), v5 = Stage(a, rows, depth, k0 + stageK + 8, next),
                v6 = Stage(a, rows, depth, k0 + stageK + 16, next), v7 = Stage(a, rows, depth, k0 + stageK + 24, next);
            staged[Slot(width, stageK, line)] = v0;
            staged[Slot(width, stageK + 8, line)] = v1;
            staged[Slot(width, stageK + 16, line)] = v2;
            staged[Slot(width, stageK + 24, line)] = v3;
            staged[Slot(width, stageK, next)] = v4;
            staged[Slot(width, stageK + 8, next)] = v5;
            staged[Slot(width, stageK + 16, next)] = v6;
            staged[Slot(width, stageK + 24, next)] = v7;
        }
    }

    /// <summary>
    /// The slice of k0 … k0 + 31 from the call's <see cref="WeightImage"/>, already in the staged layout: thread t
    /// copies quads t, t + width, … (8 each), all eight loads before their stores.
    /// </summary>
    private static void CopySlice(ArrayView<Float4> slice, ArrayView<Float4> image, int k0, int width)
    {
        var thread = Group.IdxX;
        var from = (k0 >> 5) * WeightImage.SliceQuads(width) + thread;
        Float4 q0 = image[from], q1 = image[from + width], q2 = image[from + 2 * width], q3 = image[from + 3 * width],
            q4 = image[from + 4 * width], q5 = image[from + 5 * width], q6 = image[from + 6 * width], q7 = image[from + 7 * width];
        slice[thread] = q0;
        slice[thread + width] = q1;
        slice[thread + 2 * width] = q2;
        slice[thread + 3 * width] = q3;
        slice[thread + 4 * width] = q4;
        slice[thread + 5 * width] = q5;
        slice[thread + 6 * width] = q6;
        slice[thread + 7 * width] = q7;
    }

    /// <summary>Element (line, k) of A, or 0 outside it.</summary>
    private static float Stage(StridedOperand a, int rows, int depth, int k, int line) => k < depth && line < rows ? a.At(line, k) : 0f;

    /// <summary>Where A's element (line, k) of the slice lives: [k][width] with quads XOR-swizzled by k.</summary>
    private static int Slot(int width, int k, int line) => SwizzledSlice.Slot(width, k, line);

    /// <summary>
    /// Rows 0 … rows−1 of a layer operand for the group's 64 samples into the tile (zeros past the batch). Tile column c
    /// holds sample c / 8 + 8·(c mod 8): the thread owning columns 8t … 8t+7 then owns samples t, t+8, …, t+56, so that
    /// a warp's global stores and loads of one neuron cover 8 consecutive samples (32 bytes) instead of 8 scattered floats.
    /// </summary>
    private static void LoadTile(ArrayView<Float4> tile, StridedOperand source, int rows, int sampleBase, int batch, int width)
    {
        var floats = tile.Cast<float>();
        var count = rows * Samples;
        if (source.RowStride == 1 && source.SampleStride == rows)
        {
            // A dense [batch, rows] source (the network input, the gradient direction): the group's samples are one
            // contiguous run, read in order (a warp's loads 128 contiguous bytes instead of 32 sectors for 4 bytes each).
            var available = XMath.Min(Samples, batch - sampleBase) * rows;
            var run = source.Data.SubView(source.Offset + (long)sampleBase * rows, available);
            for (var e = Group.IdxX; e < count; e += width)
            {
                var s = e / rows;
                floats[TileIndex(e - s * rows, TileColumn(s))] = e < available ? run[e] : 0f;
            }
            return;
        }
        for (var e = Group.IdxX; e < count; e += 4 * width)
        {
            // Four loads, then four stores: the loads' latencies overlap.
            float v0 = TileValue(source, e, count, sampleBase, batch), v1 = TileValue(source, e + width, count, sampleBase, batch),
                v2 = TileValue(source, e + 2 * width, count, sampleBase, batch), v3 = TileValue(source, e + 3 * width, count, sampleBase, batch);
            if (e < count) floats[TileIndex(e)] = v0;
            if (e + width < count) floats[TileIndex(e + width)] = v1;
            if (e + 2 * width < count) floats[TileIndex(e + 2 * width)] = v2;
            if (e + 3 * width < count) floats[TileIndex(e + 3 * width)] = v3;
        }
    }

    /// <summary>
    /// Rows of the tile XOR-swizzle their quads by the row's low 3 bits (<see cref="TileSwizzle"/>): element (r, c) lives
    /// at 64r + (c ^ 8(r mod 8)). Reads down a column (the tensor-core B fragments: 4 rows × 8 columns a warp) and the
    /// accumulator stores (8 rows × 4 column pairs) then hit distinct banks, where 64-float rows put them all on one.
    /// </summary>
    private const int TileSwizzle = 7;

    /// <summary>Where tile element (row, column) lives (see <see cref="TileSwizzle"/>).</summary>
    internal static int TileIndex(int row, int column) => (row << 6) + (column ^ ((row & TileSwizzle) << 3));

    /// <summary>Where tile element e (row e / 64, column e mod 64) lives.</summary>
    private static int TileIndex(int e) => TileIndex(e >> 6, e & (Samples - 1));

    /// <summary>Tile element e (row e / 64, column e mod 64) from the source, in the tile's sample order.</summary>
    private static float TileValue(StridedOperand source, int e, int count, int sampleBase, int batch)
    {
        var column = e & (Samples - 1);
        var sample = sampleBase + (column >> 3) + ((column & 7) << 3);
        return e < count && sample < batch ? source.At(e >> 6, sample) : 0f;
    }

    private static (ArrayView<Float4> Tile, ArrayView<Float4> Slice) Shared(int width)
    {
        var shared = SharedMemory.GetDynamic<Float4>();
        return (shared.SubView(0, width * Samples / 4), shared.SubView(width * Samples / 4, Depth * width / 4));
    }

    /// <summary>Samples between a thread's block columns (the tile's interleaved sample order, see <see cref="LoadTile"/>).</summary>
    private const int SampleStep = 8;

    /// <summary>
    /// This thread's block: its first neuron, its first tile column, the batch index of its first sample (the others
    /// follow every <see cref="SampleStep"/>), and the tile's first sample.
    /// </summary>
    private static (int Row, int Column, int Sample, int SampleBase) Position()
    {
        var sampleBase = Grid.IdxX * Samples;
        var t = Group.IdxX & 7;
        return (Group.IdxX >> 3 << 3, t << 3, sampleBase + t, sampleBase);
    }

    private static long MatrixOffset(MlpViews v, int width, int layer) =>
        layer == v.HiddenLayers ? v.OutputMatrixOffset : layer == 0 ? 0 : (long)width * v.InputWidth + (long)(layer - 1) * width * width;

    private static int FanOut(MlpViews v, int width, int layer) => layer == v.HiddenLayers ? v.OutputWidth : width;

    private static int FanIn(MlpViews v, int width, int matrix) => matrix == 0 ? v.InputWidth : width;

    /// <summary>Matrix m (fan-out rows × fan-in columns) as the product's A: element (row, k) = W[row, k].</summary>
    private static WeightSource Matrix(MlpViews v, int width, int matrix) => new()
    {
        Operand = new() { Data = v.Weights, Offset = MatrixOffset(v, width, matrix), RowStride = FanIn(v, width, matrix), SampleStride = 1 },
        Image = ImagePart(v, width, matrix, transposed: false),
    };

    /// <summary>Matrix m transposed as the product's A: element (row, k) = W[k, row].</summary>
    private static WeightSource Transposed(MlpViews v, int width, int matrix) => new()
    {
        Operand = new() { Data = v.Weights, Offset = MatrixOffset(v, width, matrix), RowStride = 1, SampleStride = FanIn(v, width, matrix) },
        Image = ImagePart(v, width, matrix, transposed: true),
    };

    /// <summary>The image of matrix m's operand from the call's <see cref="WeightImage"/>, or empty when the call has none.</summary>
    private static ArrayView<Float4> ImagePart(MlpViews v, int width, int matrix, bool transposed)
    {
        if (v.WeightImage.Length == 0) return default;
        var start = WeightImage.QuadOffset(width, v.InputWidth, matrix, transposed);
        return v.WeightImage.SubView(start, v.WeightImage.Length - start);
    }

    /// <summary>A [batch, n] array as (row j, sample s) → [s, j].</summary>
    private static StridedOperand SampleMajor(ArrayView<float> data, int n) => new() { Data = data, RowStride = 1, SampleStride = n };

    /// <summary>Layer k of a [layer][width][batch] array as (neuron, sample).</summary>
    private static StridedOperand Layer(ArrayView<float> data, int width, int layer, int batch) => Layer(data, 0, width, layer, batch);

    /// <summary>Layer k of a [layer][width][batch] array whose device address is known, so that its rows can be prefetched.</summary>
    private static StridedOperand Layer(ArrayView<float> data, long address, int width, int layer, int batch) =>
        new() { Data = data, Offset = (long)layer * width * batch, RowStride = batch, SampleStride = 1, Address = address };

    /// <summary>
    /// Asks L2 for the group's 64 samples of every row of a layer operand (thread r: row r's 256 bytes, two 128-byte
    /// lines when the batch is a multiple of 32, the lines holding their first and middle sample otherwise), so
    /// that the elementwise step's eight rounds of loads wait for DRAM about once and for L2 after. Issued after the
    /// layer's product, right before the step: issued before it, the lines of 1 000 resident groups (up to 48 KB each
    /// in the second-order sweep) were evicted again before use, and the Eikonal step got 0.4 ms slower on an H100
    /// instead of 0.09 ms faster (benchmarks/RESULTS.md).
    /// </summary>
    private static void PrefetchRows(StridedOperand layer, int rows, int sampleBase, int batch)
    {
        var row = Group.IdxX;
        if (row >= rows) return;
        layer.Prefetch(row, sampleBase);
        if (sampleBase + Samples / 2 < batch) layer.Prefetch(row, sampleBase + Samples / 2);
    }

    /// <summary><see cref="PrefetchRows(StridedOperand, int, int, int)"/> of the three operands the second-order step reads.</summary>
    private static void PrefetchRows(StridedOperand p, StridedOperand u, StridedOperand a, int rows, int sampleBase, int batch)
    {
        PrefetchRows(p, rows, sampleBase, batch);
        PrefetchRows(u, rows, sampleBase, batch);
        PrefetchRows(a, rows, sampleBase, batch);
    }
}

/// <summary>
/// Where a tiled product's A operand (a weight matrix or its transpose) is staged from: the call's
/// <see cref="WeightImage"/> part when it built one (a straight copy), else the parameters themselves.
/// </summary>
internal struct WeightSource
{
    /// <summary>The operand in the parameter vector.</summary>
    public StridedOperand Operand;
    /// <summary>The operand's part of the weight image (empty: none).</summary>
    public ArrayView<Float4> Image;
}
