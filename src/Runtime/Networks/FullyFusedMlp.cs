using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// tcnn's FullyFusedMLP with second order: widths 16, 32, 64, 128, any depth ≥ 1, any activation pair. Each pass
/// is one fused kernel (one sample a thread, every layer in registers), specialised per width and activations by
/// the generated <see cref="IFusedVector{TSelf}"/> structs; parameter gradients are batch-summed outer products.
/// </summary>
public sealed class FullyFusedMlp
{
    private static readonly Dictionary<int, Type> VectorTypes = new()
    {
        [16] = typeof(Vector16), [32] = typeof(Vector32), [64] = typeof(Vector64), [128] = typeof(Vector128),
    };

    private readonly ComputeDevice device;
    private readonly Action<AcceleratorStream, Index1D, MlpViews, int> forward;
    private readonly Action<AcceleratorStream, Index1D, MlpViews, int> backward;
    private readonly Action<AcceleratorStream, Index1D, MlpViews> backwardBackward;
    private readonly Action<Index1D, ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand> accumulate;

    /// <summary>Creates the network and compiles (lazily, at first launch) its kernels.</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(outputActivation);
        if (!VectorTypes.TryGetValue(layout.Width, out var vector))
        {
            throw new ArgumentException($"FullyFusedMlp width must be 16, 32, 64 or 128 (got {layout.Width}); use Mlp for other widths", nameof(layout));
        }
        this.device = device;
        Layout = layout;
        Activation = activation;
        OutputActivation = outputActivation;
        Type[] arguments = [vector, activation.Type, outputActivation.Type];
        var accelerator = device.Accelerator;
        forward = Load<Action<AcceleratorStream, Index1D, MlpViews, int>, Action<Index1D, MlpViews, int>>(accelerator, nameof(FusedMlpKernels.Forward), arguments);
        backward = Load<Action<AcceleratorStream, Index1D, MlpViews, int>, Action<Index1D, MlpViews, int>>(accelerator, nameof(FusedMlpKernels.Backward), arguments);
        backwardBackward = Load<Action<AcceleratorStream, Index1D, MlpViews>, Action<Index1D, MlpViews>>(accelerator, nameof(FusedMlpKernels.BackwardBackward), arguments);
        accumulate = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, long, int, int, int, StridedOperand, StridedOperand>(OuterProductKernels.Accumulate);
    }

    /// <summary>The shape and parameter layout.</summary>
    public MlpLayout Layout { get; }

    /// <summary>The hidden layers' activation.</summary>
    public ActivationInfo Activation { get; }

    /// <summary>The output activation.</summary>
    public ActivationInfo OutputActivation { get; }

    private static TLauncher Load<TLauncher, TKernel>(Accelerator accelerator, string name, Type[] arguments)
        where TLauncher : Delegate where TKernel : Delegate
    {
        var method = typeof(FusedMlpKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(arguments);
        var kernel = accelerator.LoadAutoGroupedKernel(method);
        return kernel.CreateLauncherDelegate<TLauncher>();
    }

    /// <summary>Inference: y = f(x). <paramref name="input"/> is [batch, InputWidth], <paramref name="output"/> [batch, OutputWidth].</summary>
    public void Inference(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var views = Views(parameters, input, batch);
        views.Output = Check(output, (long)batch * Layout.OutputWidth, nameof(output));
        forward(device.Accelerator.DefaultStream, batch, views, 0);
    }

    /// <summary>Training forward: y, plus the context the backward passes read.</summary>
    public MlpContext Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var context = new MlpContext(device.Accelerator, Layout, batch);
        var views = context.Bind(Views(parameters, input, batch));
        views.Output = Check(output, (long)batch * Layout.OutputWidth, nameof(output));
        forward(device.Accelerator.DefaultStream, batch, views, 1);
        return context;
    }

    /// <summary>dL/dparams (per <paramref name="mode"/>) and dL/dx (when <paramref name="inputGradient"/> is not empty) from dL/dy.</summary>
    public void Backward(MlpContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.BatchSize;
        var views = context.Bind(Views(parameters, input, batch));
        views.OutputGradient = Check(outputGradient, (long)batch * Layout.OutputWidth, nameof(outputGradient));
        var wantInput = inputGradient.Length > 0;
        if (wantInput) views.InputGradient = Check(inputGradient, (long)batch * Layout.InputWidth, nameof(inputGradient));
        backward(device.Accelerator.DefaultStream, batch, views, wantInput ? 1 : 0);
        if (mode == GradientMode.Ignore) return;
        Check(parameterGradient, Layout.ParameterCount, nameof(parameterGradient));
        if (mode == GradientMode.Overwrite) parameterGradient.SubView(0, Layout.ParameterCount).MemSetToZero();
        for (var layer = 0; layer <= Layout.HiddenLayers; layer++)
        {
            Accumulate(parameterGradient, layer, batch, DeltaOperand(views.Deltas, views.OutputDeltas, layer, batch), InputSide(input, views.Activations, layer, batch));
        }
    }

    /// <summary>
    /// Backward of backward: from dL₁/dy and g₀ = dL₂/d(dL₁/dx), computes dL₂/dparams (per <paramref name="mode"/>),
    /// dL₂/d(dL₁/dy) and dL₂/dx, with L₂ = ⟨dL₁/dx, g₀⟩ as PyTorch's double backward.
    /// </summary>
    public void BackwardBackwardInput(MlpContext context, ArrayView<float> parameters, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.BatchSize;
        var views = context.BindSecondOrder(Views(parameters, input, batch));
        views.OutputGradient = Check(outputGradient, (long)batch * Layout.OutputWidth, nameof(outputGradient));
        views.InputGradientDirection = Check(inputGradientDirection, (long)batch * Layout.InputWidth, nameof(inputGradientDirection));
        views.OutputGradientGradient = Check(outputGradientGradient, (long)batch * Layout.OutputWidth, nameof(outputGradientGradient));
        views.InputGradient = Check(inputGradient, (long)batch * Layout.InputWidth, nameof(inputGradient));
        backwardBackward(device.Accelerator.DefaultStream, batch, views);
        if (mode == GradientMode.Ignore) return;
        Check(parameterGradient, Layout.ParameterCount, nameof(parameterGradient));
        if (mode == GradientMode.Overwrite) parameterGradient.SubView(0, Layout.ParameterCount).MemSetToZero();
        for (var layer = 0; layer <= Layout.HiddenLayers; layer++)
        {
            // dL₂/dWₖ = Σ δₖgₖᵀ + sₖhₖᵀ.
            Accumulate(parameterGradient, layer, batch, DeltaOperand(views.Deltas, views.OutputDeltas, layer, batch),
                InputSide(inputGradientDirection, views.TangentActivations, layer, batch));
            Accumulate(parameterGradient, layer, batch, DeltaOperand(views.SecondDeltas, views.OutputSecondDeltas, layer, batch),
                InputSide(input, views.Activations, layer, batch));
        }
    }

    private MlpViews Views(ArrayView<float> parameters, ArrayView<float> input, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), $"batch size must be ≥ 1 (got {batch})");
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

    private static ArrayView<float> Check(ArrayView<float> view, long length, string name) =>
        view.Length >= length ? view : throw new ArgumentException($"{name} holds {view.Length} floats; this pass needs {length}", name);

    /// <summary>The fan-out side of layer k's gradient: δ rows ([H][W][batch]) or the output deltas ([batch, out]).</summary>
    private StridedOperand DeltaOperand(ArrayView<float> layers, ArrayView<float> output, int layer, int batch) =>
        layer == Layout.HiddenLayers
            ? new StridedOperand { Data = output, Offset = 0, RowStride = 1, SampleStride = Layout.OutputWidth }
            : new StridedOperand { Data = layers, Offset = (long)layer * Layout.Width * batch, RowStride = batch, SampleStride = 1 };

    /// <summary>The fan-in side: the network input ([batch, in]) for layer 0, else the kept layer vectors.</summary>
    private StridedOperand InputSide(ArrayView<float> input, ArrayView<float> layers, int layer, int batch) =>
        layer == 0
            ? new StridedOperand { Data = input, Offset = 0, RowStride = 1, SampleStride = Layout.InputWidth }
            : new StridedOperand { Data = layers, Offset = (long)(layer - 1) * Layout.Width * batch, RowStride = batch, SampleStride = 1 };

    private void Accumulate(ArrayView<float> gradient, int layer, int batch, StridedOperand fanOut, StridedOperand fanIn)
    {
        var rows = layer == Layout.HiddenLayers ? Layout.OutputWidth : Layout.Width;
        var columns = Layout.Columns(layer);
        var chunks = (batch + OuterProductKernels.ChunkSize - 1) / OuterProductKernels.ChunkSize;
        accumulate(chunks * rows * columns, gradient, Layout.MatrixOffset(layer), rows, columns, batch, fanOut, fanIn);
    }
}
