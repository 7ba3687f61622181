using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// Layer by layer: one kernel per matrix product (a shared-memory tiled GEMM on a GPU, one thread an output elsewhere)
/// and one per elementwise step. Any width; <see cref="Mlp"/>'s passes, and <see cref="FullyFusedMlp"/>'s width 128 on a
/// GPU when its inputs or outputs are wider than a tile. Kernels compile when the strategy is built.
/// </summary>
internal sealed class LayerwiseStrategy<THidden, TOutput> : IMlpStrategy where THidden : struct, IActivation where TOutput : struct, IActivation
{
    private readonly ComputeDevice device;
    private readonly Action<Index1D, ArrayView<float>, long, int, int, StridedOperand, StridedOperand>? product;
    private readonly Action<Index1D, ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand>? transposedProduct;
    private readonly Action<KernelConfig, int, int, int, StridedOperand, StridedOperand, StridedOperand>? tiledProduct;
    private readonly Action<Index1D, int, StridedOperand, StridedOperand> activate, activateOutput;
    private readonly Action<Index1D, int, StridedOperand, StridedOperand, StridedOperand> derivativeTimes, outputDerivativeTimes;
    private readonly Action<Index1D, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand> secondOrder;
    private readonly Action<Index1D, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand> outputSecondOrder;

    public LayerwiseStrategy(ComputeDevice device, MlpLayout layout)
    {
        this.device = device;
        Layout = layout;
        // On a GPU (and a simulator with GPU-sized groups, so CI runs it) the products are shared-memory tiled GEMMs;
        // elsewhere one thread an output (only the kernels that run are compiled).
        if (device.Mode == ExecutionMode.Cuda
            || device.Mode == ExecutionMode.CpuSimulator && device.Accelerator.MaxNumThreadsPerGroup >= TiledOuterProductKernel.GroupSize)
        {
            tiledProduct = device.LoadGroupedKernel<int, int, int, StridedOperand, StridedOperand, StridedOperand>(TiledOuterProductKernel.Product);
        }
        else
        {
            product = device.LoadKernel<ArrayView<float>, long, int, int, StridedOperand, StridedOperand>(MlpLayerKernels.Product);
            transposedProduct = device.LoadKernel<ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand>(MlpLayerKernels.TransposedProduct);
        }
        activate = device.LoadKernel<int, StridedOperand, StridedOperand>(MlpLayerKernels.Activate<THidden>);
        activateOutput = device.LoadKernel<int, StridedOperand, StridedOperand>(MlpLayerKernels.Activate<TOutput>);
        derivativeTimes = device.LoadKernel<int, StridedOperand, StridedOperand, StridedOperand>(MlpLayerKernels.DerivativeTimes<THidden>);
        outputDerivativeTimes = device.LoadKernel<int, StridedOperand, StridedOperand, StridedOperand>(MlpLayerKernels.DerivativeTimes<TOutput>);
        secondOrder = device.LoadKernel<int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand>(
            MlpLayerKernels.SecondOrder<THidden>);
        outputSecondOrder = device.LoadKernel<int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand, StridedOperand>(
            MlpLayerKernels.OutputSecondOrder<TOutput>);
    }

    private MlpLayout Layout { get; }

    public MlpStrategyKind Kind => MlpStrategyKind.Layerwise;

    public IEnumerable<Action> KernelLoads => []; // compiled at construction

    private static StridedOperand Rows(ArrayView<float> data, long offset, int batch) =>
        new() { Data = data, Offset = offset, RowStride = batch, SampleStride = 1 };

    private static StridedOperand Samples(ArrayView<float> data, int width) =>
        new() { Data = data, Offset = 0, RowStride = 1, SampleStride = width };

    private StridedOperand Layer(ArrayView<float> data, int layer, int batch) => Rows(data, (long)layer * Layout.Width * batch, batch);

    /// <summary>y = W x for the [fanOut, fanIn] matrix at <paramref name="offset"/>.</summary>
    private void Product(ArrayView<float> weights, long offset, int fanOut, int fanIn, int batch, StridedOperand x, StridedOperand y)
    {
        if (tiledProduct is null)
        {
            product!(fanOut * batch, weights, offset, fanIn, batch, x, y);
            return;
        }
        var w = new StridedOperand { Data = weights, Offset = offset, RowStride = fanIn, SampleStride = 1 };
        tiledProduct(Tiles(fanOut, batch), fanOut, batch, fanIn, w, SampleMajor(x), y);
    }

    /// <summary>y = Wᵀd for the [fanOut, fanIn] matrix at <paramref name="offset"/>.</summary>
    private void TransposedProduct(ArrayView<float> weights, long offset, int fanIn, int fanOut, int batch, StridedOperand d, StridedOperand y)
    {
        if (tiledProduct is null)
        {
            transposedProduct!(fanIn * batch, weights, offset, fanIn, fanOut, batch, d, y);
            return;
        }
        var wt = new StridedOperand { Data = weights, Offset = offset, RowStride = 1, SampleStride = fanIn };
        tiledProduct(Tiles(fanIn, batch), fanIn, batch, fanOut, wt, SampleMajor(d), y);
    }

    private static KernelConfig Tiles(int rows, int batch) =>
        new((rows + TiledOuterProductKernel.Tile - 1) / TiledOuterProductKernel.Tile * ((batch + TiledOuterProductKernel.Tile - 1) / TiledOuterProductKernel.Tile),
            TiledOuterProductKernel.GroupSize);

    /// <summary>The operand seen with samples as rows: b(sample, k) = x(k, sample), as the tiled product reads it.</summary>
    private static StridedOperand SampleMajor(StridedOperand x) =>
        new() { Data = x.Data, Offset = x.Offset, RowStride = x.SampleStride, SampleStride = x.RowStride };

    private int FanOut(int layer) => layer == Layout.HiddenLayers ? Layout.OutputWidth : Layout.Width;

    public void Forward(MlpViews v, bool keep, MlpContext? context)
    {
        if (context is null)
        {
            // Inference keeps nothing, but layer-by-layer products need somewhere to put each layer.
            using var scratch = new MlpContext(device.Accelerator, Layout, v.BatchSize);
            Forward(scratch.Bind(v), keep, scratch);
            return;
        }
        var batch = v.BatchSize;
        var input = Samples(v.Input, Layout.InputWidth);
        for (var k = 0; k < Layout.HiddenLayers; k++)
        {
            var pre = Layer(v.PreActivations, k, batch);
            Product(v.Weights, Layout.MatrixOffset(k), Layout.Width, Layout.Columns(k), batch, input, pre);
            input = Layer(v.Activations, k, batch);
            activate(Layout.Width * batch, batch, pre, input);
        }
        var outputPre = Samples(v.OutputPreActivations, Layout.OutputWidth);
        Product(v.Weights, v.OutputMatrixOffset, Layout.OutputWidth, Layout.Width, batch, input, outputPre);
        activateOutput(Layout.OutputWidth * batch, batch, outputPre, Samples(v.Output, Layout.OutputWidth));
    }

    public void Backward(MlpViews v, bool inputGradient, MlpContext context)
    {
        var batch = v.BatchSize;
        var delta = Samples(v.OutputDeltas, Layout.OutputWidth);
        outputDerivativeTimes(Layout.OutputWidth * batch, batch, Samples(v.OutputPreActivations, Layout.OutputWidth),
            Samples(v.OutputGradient, Layout.OutputWidth), delta);
        var adjoint = Rows(context.Scratch().A, 0, batch);
        for (var k = Layout.HiddenLayers - 1; k >= 0; k--)
        {
            TransposedProduct(v.Weights, Layout.MatrixOffset(k + 1), Layout.Width, FanOut(k + 1), batch, delta, adjoint);
            delta = Layer(v.Deltas, k, batch);
            derivativeTimes(Layout.Width * batch, batch, Layer(v.PreActivations, k, batch), adjoint, delta);
        }
        if (inputGradient)
        {
            TransposedProduct(v.Weights, 0, Layout.InputWidth, Layout.Width, batch, delta,
                Samples(v.InputGradient, Layout.InputWidth));
        }
    }

    // Layer by layer the adjoints are recomputed in the reverse sweep anyway: nothing to skip.
    public void BackwardBackward(MlpViews v, MlpContext context, bool adjointsAreCurrent)
    {
        var batch = v.BatchSize;
        var (scratchA, scratchB) = context.Scratch();

        // Tangent sweep: uₖ = Wₖgₖ, gₖ₊₁ = σ′(pₖ)⊙uₖ, from g₀ = the given direction.
        var g = Samples(v.InputGradientDirection, Layout.InputWidth);
        for (var k = 0; k < Layout.HiddenLayers; k++)
        {
            var u = Layer(v.Tangents, k, batch);
            Product(v.Weights, Layout.MatrixOffset(k), Layout.Width, Layout.Columns(k), batch, g, u);
            g = Layer(v.TangentActivations, k, batch);
            derivativeTimes(Layout.Width * batch, batch, Layer(v.PreActivations, k, batch), u, g);
        }
        var outputTangent = Rows(scratchA, 0, batch);
        Product(v.Weights, v.OutputMatrixOffset, Layout.OutputWidth, Layout.Width, batch, g, outputTangent);
        var delta = Samples(v.OutputDeltas, Layout.OutputWidth);
        var second = Samples(v.OutputSecondDeltas, Layout.OutputWidth);
        outputSecondOrder(Layout.OutputWidth * batch, batch, Samples(v.OutputPreActivations, Layout.OutputWidth), outputTangent,
            Samples(v.OutputGradient, Layout.OutputWidth), Samples(v.OutputGradientGradient, Layout.OutputWidth), delta, second,
            Samples(v.ExtraOutputGradient, Layout.OutputWidth));

        // Reverse sweep: δₖ = σ′(pₖ)⊙Wₖ₊₁ᵀδₖ₊₁, sₖ = σ′(pₖ)⊙Wₖ₊₁ᵀsₖ₊₁ + σ″(pₖ)⊙uₖ⊙Wₖ₊₁ᵀδₖ₊₁.
        var adjoint = Rows(scratchA, 0, batch);
        var secondAdjoint = Rows(scratchB, 0, batch);
        for (var k = Layout.HiddenLayers - 1; k >= 0; k--)
        {
            var offset = Layout.MatrixOffset(k + 1);
            TransposedProduct(v.Weights, offset, Layout.Width, FanOut(k + 1), batch, delta, adjoint);
            TransposedProduct(v.Weights, offset, Layout.Width, FanOut(k + 1), batch, second, secondAdjoint);
            delta = Layer(v.Deltas, k, batch);
            second = Layer(v.SecondDeltas, k, batch);
            secondOrder(Layout.Width * batch, batch, Layer(v.PreActivations, k, batch), Layer(v.Tangents, k, batch), adjoint, secondAdjoint, delta, second);
        }
        TransposedProduct(v.Weights, 0, Layout.InputWidth, Layout.Width, batch, second,
            Samples(v.InputGradient, Layout.InputWidth));
    }
}
