using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// An MLP without biases (tcnn's semantics) with first- and second-order passes: what <see cref="FullyFusedMlp"/>
/// (fused, widths 16–128) and <see cref="Mlp"/> (layer by layer, any width) share. The per-layer vectors live in a
/// caller-owned <see cref="MlpContext"/>; parameter gradients are batch sums of outer products.
/// </summary>
public abstract class MlpNetwork
{
    private readonly Action<Index1D, ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand>? accumulate;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, int, int, int, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, int>>? tiledPartials;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, long, ArrayView<float>, int, int>>? reducePartials;

    /// <summary>Elements one layer vector of a batch may hold: the passes index within a layer in 32 bits.</summary>
    public const long MaxLayerElements = int.MaxValue;

    private readonly IMlpStrategy strategy;

    /// <summary>Binds the network to a device and to the strategy its passes run with (chosen once, by the subclass).</summary>
    private protected MlpNetwork(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, IMlpStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(outputActivation);
        this.strategy = strategy;
        Device = device;
        Layout = layout;
        Activation = activation;
        OutputActivation = outputActivation;
        // Shared-memory tiles pay on a GPU; the CPU fast path sums directly. A simulator with GPU-sized groups takes the
        // GPU path too, so CI runs it (GpuPathTests).
        if (device.Mode == ExecutionMode.Cuda
            || device.Mode == ExecutionMode.CpuSimulator && device.Accelerator.MaxNumThreadsPerGroup >= TiledOuterProductKernel.ReduceGroupSize)
        {
            // Compiled at the first parameter gradient: inference never needs them.
            tiledPartials = new(() => device.TensorCores
                ? device.LoadGroupedKernel<ArrayView<float>, int, int, int, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, int>(
                    TiledOuterProductKernel.Partials<WithTensorCores>)
                : device.LoadGroupedKernel<ArrayView<float>, int, int, int, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, int>(
                    TiledOuterProductKernel.Partials<WithoutTensorCores>));
            reducePartials = new(() => device.LoadGroupedKernel<ArrayView<float>, long, ArrayView<float>, int, int>(TiledOuterProductKernel.ReducePartials));
        }
        else if (device.Mode != ExecutionMode.CpuParallel)
        {
            // A simulator with small groups: per-chunk sums added atomically (the CPU fast path sums with SIMD instead).
            accumulate = device.LoadKernel<ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand>(OuterProductKernels.Accumulate);
        }
    }

    /// <summary>The device the passes run on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>The shape and parameter layout.</summary>
    public MlpLayout Layout { get; }

    /// <summary>The hidden layers' activation.</summary>
    public ActivationInfo Activation { get; }

    /// <summary>The output activation.</summary>
    public ActivationInfo OutputActivation { get; }

    /// <summary>
    /// Compiles now every kernel that training with second order (and inference) runs on this device (they otherwise compile at their
    /// first launch, so that inference-only use never compiles the rest): callers that time training, like
    /// <c>tinynn sdf</c>, keep compilation out of the clock and out of the samples/s they report.
    /// </summary>
    public void PrepareKernels() => Device.Prepare(KernelLoads);

    /// <summary>One action a lazily compiled kernel of this network (for <see cref="ComputeDevice.Prepare"/>, which may run them concurrently).</summary>
    internal IEnumerable<Action> KernelLoads =>
        [.. tiledPartials is null ? [] : new Action[] { () => _ = tiledPartials.Value, () => _ = reducePartials!.Value }, .. strategy.KernelLoads];

    /// <summary>How the passes run on this device (chosen once, at construction).</summary>
    public MlpStrategyKind Strategy => strategy.Kind;

    /// <summary>Runs the forward pass; with <paramref name="keep"/> it stores what the backward passes read.</summary>
    internal void RunForward(MlpViews views, bool keep, MlpContext? context) => strategy.Forward(views, keep, context);

    /// <summary>Fills the δ vectors (and dL/dx when <paramref name="inputGradient"/>) from dL/dy.</summary>
    internal void RunBackward(MlpViews views, bool inputGradient, MlpContext context) => strategy.Backward(views, inputGradient, context);

    /// <summary>Fills δ, s, tangents, dL₂/d(dL₁/dy) and dL₂/dx.</summary>
    internal void RunBackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent) =>
        strategy.BackwardBackward(views, context, adjointsAreCurrent);

    /// <summary>A context for batches of up to <paramref name="capacity"/> samples, reusable across steps.</summary>
    public MlpContext CreateContext(int capacity) => new(Device.Accelerator, Layout, capacity);

    /// <summary>Inference: y = f(x). <paramref name="input"/> is [batch, InputWidth], <paramref name="output"/> [batch, OutputWidth].</summary>
    public void Inference(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var views = Views(parameters, input, batch);
        views.Output = Check(output, (long)batch * Layout.OutputWidth, nameof(output));
        RunForward(views, keep: false, context: null);
    }

    /// <summary>Training forward into a new context (dispose it after the backward passes).</summary>
    public MlpContext Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var context = CreateContext(batch);
        try
        {
            Forward(context, parameters, input, output, batch);
            return context;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Training forward: y, plus what the backward passes read, kept in <paramref name="context"/> (no allocation).</summary>
    public void Forward(MlpContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Begin(Layout, batch);
        var views = context.Bind(Views(parameters, input, batch));
        views.Output = Check(output, (long)batch * Layout.OutputWidth, nameof(output));
        RunForward(views, keep: true, context);
    }

    /// <summary>dL/dparams (per <paramref name="mode"/>) and dL/dx (when <paramref name="inputGradient"/> is not empty) from dL/dy.</summary>
    public void Backward(MlpContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode) =>
        Backward(context, parameters, input, outputGradient, inputGradient, parameterGradient, mode, keepAdjoints: false);

    /// <summary>
    /// Backward that, with <paramref name="keepAdjoints"/>, also keeps aₖ = dL₁/dhₖ in the context, so that a following
    /// <see cref="BackwardBackwardInput(MlpContext, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, GradientMode, ArrayView{float}, bool)"/>
    /// with the same dL₁/dy can skip recomputing them (the Eikonal step: ∇ₓf first, then its second order).
    /// </summary>
    public void Backward(MlpContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, bool keepAdjoints)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.BatchSize;
        var views = keepAdjoints ? context.BindSecondOrder(Views(parameters, input, batch)) : context.Bind(Views(parameters, input, batch));
        views.OutputGradient = Check(outputGradient, (long)batch * Layout.OutputWidth, nameof(outputGradient));
        var wantInput = inputGradient.Length > 0;
        if (wantInput) views.InputGradient = Check(inputGradient, (long)batch * Layout.InputWidth, nameof(inputGradient));
        RunBackward(views, wantInput, context);
        if (!StartGradient(parameterGradient, mode)) return;
        for (var layer = 0; layer <= Layout.HiddenLayers; layer++)
        {
            Accumulate(context, parameterGradient, layer, batch, DeltaOperand(views.Deltas, views.OutputDeltas, layer, batch), InputSide(input, views.Activations, layer, batch));
        }
    }

    /// <summary>
    /// Backward of backward: from dL₁/dy and g₀ = dL₂/d(dL₁/dx), computes dL₂/dparams (per <paramref name="mode"/>),
    /// dL₂/d(dL₁/dy) and dL₂/dx, with L₂ = ⟨dL₁/dx, g₀⟩ as PyTorch's double backward. With
    /// <paramref name="extraOutputGradient"/> ê ([batch, OutputWidth]; empty: none) the objective is L₂ + ⟨y, ê⟩: a
    /// training loss's backward folded into the same sweep and GEMMs (dL/dparams and dL/dx then include its terms).
    /// </summary>
    public void BackwardBackwardInput(MlpContext context, ArrayView<float> parameters, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, ArrayView<float> extraOutputGradient = default) =>
        BackwardBackwardInput(context, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient, inputGradient,
            parameterGradient, mode, extraOutputGradient, adjointsAreCurrent: false);

    /// <summary>
    /// Backward of backward where, with <paramref name="adjointsAreCurrent"/>, the caller vouches that the last
    /// <see cref="Backward(MlpContext, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, GradientMode, bool)"/>
    /// on this context took the same dL₁/dy and kept its adjoints, so the fused adjoint sweep is skipped.
    /// </summary>
    public void BackwardBackwardInput(MlpContext context, ArrayView<float> parameters, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, ArrayView<float> extraOutputGradient,
        bool adjointsAreCurrent)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.BatchSize;
        var views = context.BindSecondOrder(Views(parameters, input, batch));
        views.OutputGradient = Check(outputGradient, (long)batch * Layout.OutputWidth, nameof(outputGradient));
        views.InputGradientDirection = Check(inputGradientDirection, (long)batch * Layout.InputWidth, nameof(inputGradientDirection));
        views.OutputGradientGradient = Check(outputGradientGradient, (long)batch * Layout.OutputWidth, nameof(outputGradientGradient));
        views.InputGradient = Check(inputGradient, (long)batch * Layout.InputWidth, nameof(inputGradient));
        if (extraOutputGradient.Length > 0) views.ExtraOutputGradient = Check(extraOutputGradient, (long)batch * Layout.OutputWidth, nameof(extraOutputGradient));
        RunBackwardBackward(views, context, adjointsAreCurrent);
        if (!StartGradient(parameterGradient, mode)) return;
        for (var layer = 0; layer <= Layout.HiddenLayers; layer++)
        {
            // dL₂/dWₖ = Σ δₖgₖᵀ + sₖhₖᵀ.
            Accumulate(context, parameterGradient, layer, batch, DeltaOperand(views.Deltas, views.OutputDeltas, layer, batch),
                InputSide(inputGradientDirection, views.TangentActivations, layer, batch),
                (DeltaOperand(views.SecondDeltas, views.OutputSecondDeltas, layer, batch), InputSide(input, views.Activations, layer, batch)));
        }
    }

    private bool StartGradient(ArrayView<float> parameterGradient, GradientMode mode)
    {
        if (mode == GradientMode.Ignore) return false;
        Check(parameterGradient, Layout.ParameterCount, nameof(parameterGradient));
        if (mode == GradientMode.Overwrite) parameterGradient.SubView(0, Layout.ParameterCount).MemSetToZero();
        return true;
    }

    private MlpViews Views(ArrayView<float> parameters, ArrayView<float> input, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), $"batch size must be ≥ 1 (got {batch})");
        var widest = Math.Max(Layout.Width, Math.Max(Layout.InputWidth, Layout.PaddedOutputWidth));
        if ((long)batch * widest > MaxLayerElements)
        {
            throw new ArgumentOutOfRangeException(nameof(batch),
                $"batch {batch} × width {widest} is more than {MaxLayerElements} elements a layer vector, the kernels' 32-bit index limit; the largest batch for this network is {MaxLayerElements / widest} (split the batch)");
        }
        // The fused passes read weights as 16-byte quads (Float4); buffers are allocated aligned, so the view's start must be.
        if (parameters.IsValid && ((IContiguousArrayView)parameters).Index % 4 != 0)
        {
            throw new ArgumentException($"parameters must start at a multiple of 4 floats (16 bytes) of their buffer (this view starts at float {((IContiguousArrayView)parameters).Index})", nameof(parameters));
        }
        return new MlpViews
        {
            Weights = Check(parameters, Layout.ParameterCount, nameof(parameters)),
            BatchSize = batch,
            InputWidth = Layout.InputWidth,
            HiddenLayers = Layout.HiddenLayers,
            OutputWidth = Layout.OutputWidth,
            OutputMatrixOffset = Layout.MatrixOffset(Layout.HiddenLayers),
            Input = Check(input, (long)batch * Layout.InputWidth, nameof(input)),
        };
    }

    private protected static ArrayView<float> Check(ArrayView<float> view, long length, string name) =>
        view.Length >= length ? view : throw new ArgumentException($"{name} holds {view.Length} floats; this pass needs {length}", name);

    /// <summary>The fan-out side of layer k's gradient: δ rows ([H][W][batch]) or the output deltas ([batch, out]).</summary>
    private protected StridedOperand DeltaOperand(ArrayView<float> layers, ArrayView<float> output, int layer, int batch) =>
        layer == Layout.HiddenLayers
            ? new StridedOperand { Data = output, Offset = 0, RowStride = 1, SampleStride = Layout.OutputWidth }
            : new StridedOperand { Data = layers, Offset = (long)layer * Layout.Width * batch, RowStride = batch, SampleStride = 1 };

    /// <summary>The fan-in side: the network input ([batch, in]) for layer 0, else the kept layer vectors.</summary>
    private protected StridedOperand InputSide(ArrayView<float> input, ArrayView<float> layers, int layer, int batch) =>
        layer == 0
            ? new StridedOperand { Data = input, Offset = 0, RowStride = 1, SampleStride = Layout.InputWidth }
            : new StridedOperand { Data = layers, Offset = (long)(layer - 1) * Layout.Width * batch, RowStride = batch, SampleStride = 1 };

    private void Accumulate(MlpContext context, ArrayView<float> gradient, int layer, int batch, StridedOperand fanOut, StridedOperand fanIn,
        (StridedOperand FanOut, StridedOperand FanIn)? second = null)
    {
        var rows = layer == Layout.HiddenLayers ? Layout.OutputWidth : Layout.Width;
        var columns = Layout.Columns(layer);
        if (tiledPartials is not null && reducePartials is not null)
        {
            var tiles = (rows + TiledOuterProductKernel.Tile - 1) / TiledOuterProductKernel.Tile
                * ((columns + TiledOuterProductKernel.Tile - 1) / TiledOuterProductKernel.Tile);
            var pairs = second is null ? 1 : 2;
            var (groups, chunkSize) = TiledOuterProductKernel.Chunking((long)batch * pairs);
            var partials = context.Partials((long)groups * rows * columns);
            var (c, d) = second ?? (fanOut, fanIn);
            tiledPartials.Value(new KernelConfig(new Index2D(groups, tiles), new Index2D(TiledOuterProductKernel.GroupSize, 1)),
                partials, rows, columns, batch, chunkSize, fanOut, fanIn, c, d, pairs);
            var reduceGroups = (rows * columns + TiledOuterProductKernel.ReduceElements - 1) / TiledOuterProductKernel.ReduceElements;
            reducePartials.Value(new KernelConfig(reduceGroups, TiledOuterProductKernel.ReduceGroupSize), gradient, Layout.MatrixOffset(layer), partials, rows * columns, groups);
            return;
        }
        if (second is { } pair) Accumulate(context, gradient, layer, batch, pair.FanOut, pair.FanIn);
        if (Device.Mode == ExecutionMode.CpuParallel)
        {
            CpuOuterProduct.Accumulate(gradient, Layout.MatrixOffset(layer), rows, columns, batch, fanOut, fanIn);
            return;
        }
        var chunks = (batch + OuterProductKernels.ChunkSize - 1) / OuterProductKernels.ChunkSize;
        accumulate!(chunks * rows * columns, gradient, Layout.MatrixOffset(layer), rows, columns, batch, fanOut, fanIn);
    }
}
