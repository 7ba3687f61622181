using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// The fused MLP passes of widths 64 and 128 on a GPU, warp-cooperative: a group of <c>width</c> threads carries 64
/// samples through every layer of a pass. The layer vectors of those samples live in a shared-memory tile
/// [neuron][sample]; each layer is a small GEMM (<see cref="TileProducts.Product{TCores}"/>: weights staged 32 columns at a time;
/// a full layer on tensor cores in 3×TF32 where the passes' <see cref="ITensorCores"/> argument allows, <see cref="TileProducts.TensorProduct{TCores}"/>;
/// otherwise each thread an 8 neurons × 8 samples block in registers from 16-byte operand loads, with the K dimension
/// split over idle threads for thin products) followed by an elementwise step (<see cref="IElementOp{TSelf}"/>) that keeps what later passes read and writes the next
/// layer back into the tile. One sample a thread cannot do this: a 64-vector and its product already fill the 255
/// registers (ptxas spills), and a 128-vector cannot fit at all. Same math and layouts as <see cref="FusedMlpKernels"/>.
/// Launch: one group per 64 samples, <c>width</c> threads, <see cref="SharedFloat4s"/> quads of dynamic shared memory.
/// The tile and its layout are <see cref="SampleTile"/>'s, the products <see cref="TileProducts"/>' and the weights' staging
/// <see cref="WeightStaging"/>'s; this class holds the passes.
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
        var (tile, slice) = SampleTile.Shared(width);
        var (row, column, sample, sampleBase) = SampleTile.Position();
        SampleTile.Load(tile, SampleMajor(v.Input, v.InputWidth), v.InputWidth, sampleBase, v.BatchSize, width);
        Group.Barrier();
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var fanIn = k == 0 ? v.InputWidth : width;
            var p = TileProducts.Product<TCores>(tile, slice, width, fanIn, WeightSource.Matrix(v, width, k), width);
            var h = Block8x8.Map(p, new ForwardHiddenOp<THidden>
            {
                PreActivations = Layer(v.PreActivations, width, k, v.BatchSize),
                Activations = Layer(v.Activations, width, k, v.BatchSize),
                Keep = keep,
            }, width, v.BatchSize, row, sample, SampleTile.SampleStep);
            h.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
            Group.Barrier();
        }
        var output = TileProducts.Product<TCores>(tile, slice, width, width, WeightSource.Matrix(v, width, v.HiddenLayers), v.OutputWidth);
        Block8x8.Map(output, new ForwardOutputOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            Output = SampleMajor(v.Output, v.OutputWidth),
            Keep = keep,
        }, v.OutputWidth, v.BatchSize, row, sample, SampleTile.SampleStep);
    }

    /// <summary>
    /// δ for every layer from dL/dy (and the adjoints a when the views bind them), then dL/dx when
    /// <paramref name="inputGradient"/> ≠ 0. Backward-of-backward's adjoint sweep is this pass without dL/dx.
    /// </summary>
    public static void Backward<THidden, TOutput, TCores>(MlpViews v, int width, int inputGradient)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = SampleTile.Shared(width);
        var (row, column, sample, sampleBase) = SampleTile.Position();
        var delta = Block8x8.Map(default(Block8x8), new OutputDeltaOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            OutputGradient = SampleMajor(v.OutputGradient, v.OutputWidth),
            Deltas = SampleMajor(v.OutputDeltas, v.OutputWidth),
        }, v.OutputWidth, v.BatchSize, row, sample, SampleTile.SampleStep);
        delta.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
        Group.Barrier();
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var kept = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var adjoint = TileProducts.Product<TCores>(tile, slice, width, FanOut(v, width, k + 1), WeightSource.Transposed(v, width, k + 1), width);
            SampleTile.PrefetchRows(kept, width, sampleBase, v.BatchSize);
            delta = Block8x8.Map(adjoint, new HiddenDeltaOp<THidden>
            {
                PreActivations = kept,
                Adjoints = Layer(v.Adjoints, width, k, v.BatchSize),
                Deltas = Layer(v.Deltas, width, k, v.BatchSize),
                KeepAdjoint = v.Adjoints.Length > 0 ? 1 : 0,
            }, width, v.BatchSize, row, sample, SampleTile.SampleStep);
            delta.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
            Group.Barrier();
        }
        if (inputGradient != 0) InputGradient<TCores>(v, tile, slice, width, row, sample);
    }

    /// <summary>Backward-of-backward, the tangent sweep: uₖ = Wₖgₖ and gₖ₊₁ = σ′(pₖ)⊙uₖ from g₀ = dL₂/d(dL₁/dx); keeps u and g.</summary>
    public static void TangentSweep<THidden, TOutput, TCores>(MlpViews v, int width, int unused)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TCores : struct, ITensorCores
    {
        var (tile, slice) = SampleTile.Shared(width);
        var (row, column, sample, sampleBase) = SampleTile.Position();
        SampleTile.Load(tile, SampleMajor(v.InputGradientDirection, v.InputWidth), v.InputWidth, sampleBase, v.BatchSize, width);
        Group.Barrier();
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var fanIn = k == 0 ? v.InputWidth : width;
            var kept = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var u = TileProducts.Product<TCores>(tile, slice, width, fanIn, WeightSource.Matrix(v, width, k), width);
            SampleTile.PrefetchRows(kept, width, sampleBase, v.BatchSize);
            var g = Block8x8.Map(u, new TangentOp<THidden>
            {
                PreActivations = kept,
                Tangents = Layer(v.Tangents, width, k, v.BatchSize),
                TangentActivations = Layer(v.TangentActivations, width, k, v.BatchSize),
            }, width, v.BatchSize, row, sample, SampleTile.SampleStep);
            g.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
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
        var (tile, slice) = SampleTile.Shared(width);
        var (row, column, sample, sampleBase) = SampleTile.Position();
        SampleTile.Load(tile, Layer(v.TangentActivations, width, v.HiddenLayers - 1, v.BatchSize), width, sampleBase, v.BatchSize, width);
        Group.Barrier();
        var outputTangent = TileProducts.Product<TCores>(tile, slice, width, width, WeightSource.Matrix(v, width, v.HiddenLayers), v.OutputWidth);
        var second = Block8x8.Map(outputTangent, new OutputSecondOp<TOutput>
        {
            PreActivations = SampleMajor(v.OutputPreActivations, v.OutputWidth),
            OutputGradient = SampleMajor(v.OutputGradient, v.OutputWidth),
            ExtraOutputGradient = SampleMajor(v.ExtraOutputGradient, v.OutputWidth),
            OutputGradientGradient = SampleMajor(v.OutputGradientGradient, v.OutputWidth),
            SecondDeltas = SampleMajor(v.OutputSecondDeltas, v.OutputWidth),
        }, v.OutputWidth, v.BatchSize, row, sample, SampleTile.SampleStep);
        second.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
        Group.Barrier();
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var p = Layer(v.PreActivations, v.PreActivationsAddress, width, k, v.BatchSize);
            var u = Layer(v.Tangents, v.TangentsAddress, width, k, v.BatchSize);
            var a = Layer(v.Adjoints, v.AdjointsAddress, width, k, v.BatchSize);
            var e = TileProducts.Product<TCores>(tile, slice, width, FanOut(v, width, k + 1), WeightSource.Transposed(v, width, k + 1), width);
            SampleTile.PrefetchRows(p, u, a, width, sampleBase, v.BatchSize);
            second = Block8x8.Map(e, new HiddenSecondOp<THidden>
            {
                PreActivations = p,
                Tangents = u,
                Adjoints = a,
                SecondDeltas = Layer(v.SecondDeltas, width, k, v.BatchSize),
            }, width, v.BatchSize, row, sample, SampleTile.SampleStep);
            second.StoreTile(tile, Samples / 4, row, column, SampleTile.Swizzle);
            Group.Barrier();
        }
        InputGradient<TCores>(v, tile, slice, width, row, sample);
    }

    /// <summary>dL/dx = W₀ᵀ(tile) into the [batch, in] input gradient.</summary>
    private static void InputGradient<TCores>(MlpViews v, ArrayView<Float4> tile, ArrayView<Float4> slice, int width, int row, int sample)
        where TCores : struct, ITensorCores
    {
        var gradient = TileProducts.Product<TCores>(tile, slice, width, width, WeightSource.Transposed(v, width, 0), v.InputWidth);
        // Through the tile, so that the [batch, in] stores are contiguous runs (the blocks' own stores would hit a
        // 32-byte sector for every 4 bytes).
        gradient.StoreTile(tile, Samples / 4, row, (Group.IdxX & 7) << 3, SampleTile.Swizzle);
        Group.Barrier();
        SampleTile.StoreSampleMajor(tile, v.InputGradient, v.InputWidth, sample - (Group.IdxX & 7), v.BatchSize, width);
    }

    private static int FanOut(MlpViews v, int width, int layer) => layer == v.HiddenLayers ? v.OutputWidth : width;

    /// <summary>A [batch, n] array as (row j, sample s) → [s, j].</summary>
    private static StridedOperand SampleMajor(ArrayView<float> data, int n) => new() { Data = data, RowStride = 1, SampleStride = n };

    /// <summary>Layer k of a [layer][width][batch] array as (neuron, sample).</summary>
    private static StridedOperand Layer(ArrayView<float> data, int width, int layer, int batch) => Layer(data, 0, width, layer, batch);

    /// <summary>Layer k of a [layer][width][batch] array whose device address is known, so that its rows can be prefetched.</summary>
    private static StridedOperand Layer(ArrayView<float> data, long address, int width, int layer, int batch) =>
        new() { Data = data, Offset = (long)layer * width * batch, RowStride = batch, SampleStride = 1, Address = address };
}
