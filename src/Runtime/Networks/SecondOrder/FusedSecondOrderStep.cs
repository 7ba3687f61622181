using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Losses;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// The Eikonal training step of an MLP as one fused kernel (<see cref="FusedStepKernel"/>) plus the ordered reduction of
/// its groups' parameter-gradient sums: what the forward, backward, regulariser, backward-of-backward and parameter
/// GEMMs compute as six passes through memory (<see cref="MlpNetwork.BackwardBackwardInput(MlpContext, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, GradientMode, ArrayView{float})"/>),
/// with the same math. Shapes: one output, widths 16, 32 and 64, inputs up to 64, any depth; on CUDA GPUs with TF32
/// tensor cores (SM 8.0+) and on the CPU simulator (where the tensor-core instruction is emulated).
/// </summary>
public abstract class FusedSecondOrderStep : IDisposable
{
    /// <summary>The widest hidden layer the fused step runs (a group keeps every weight matrix resident).</summary>
    public const int MaxWidth = 64;

    /// <summary>The most inputs the fused step runs.</summary>
    public const int MaxInputs = 64;

    private MemoryBuffer1D<float, Stride1D.Dense>? partials;

    private protected FusedSecondOrderStep(MlpNetwork network)
    {
        Network = network;
        var layout = network.Layout;
        Map = FusedStepLayout.Of(layout);
        PartialLength = (int)(layout.MatrixOffset(layout.HiddenLayers) + layout.Width);
    }

    /// <summary>The network whose step this is.</summary>
    public MlpNetwork Network { get; }

    private protected FusedStepLayout Map { get; }

    private protected int PartialLength { get; }

    /// <summary>
    /// Why the fused step cannot run <paramref name="network"/> on its device, or null when it can (the trainer then
    /// keeps the separate passes).
    /// </summary>
    public static string? Unsupported(MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var layout = network.Layout;
        var device = network.Device;
        if (layout.OutputWidth != 1) return $"the fused second-order step needs one output (this network has {layout.OutputWidth})";
        if (layout.Width % 16 != 0 || layout.Width > MaxWidth) return $"the fused second-order step runs widths 16, 32 and 64 (this network's is {layout.Width})";
        if (layout.InputWidth > MaxInputs) return $"the fused second-order step runs up to {MaxInputs} inputs (this network has {layout.InputWidth})";
        var groupSize = FusedStepLayout.GroupSize(layout.Width);
        switch (device.Mode)
        {
            case ExecutionMode.Cuda when !device.TensorCores:
                return "the fused second-order step needs TF32 tensor cores (an NVIDIA GPU of compute capability 8.0 or later)";
            case ExecutionMode.CpuSimulator when device.Accelerator.MaxNumThreadsPerGroup < Math.Max(groupSize, TiledOuterProductKernel.ReduceGroupSize):
                return $"the fused second-order step needs groups of {Math.Max(groupSize, TiledOuterProductKernel.ReduceGroupSize)} threads (this simulator's hold {device.Accelerator.MaxNumThreadsPerGroup})";
            case ExecutionMode.CpuParallel:
                return "the fused second-order step is a GPU kernel (the CPU fast path runs the separate passes)";
        }
        var bytes = FusedStepLayout.Of(layout).Bytes;
        var limit = DynamicSharedMemory.Limit(device);
        return bytes > limit
            ? $"the fused second-order step of width {layout.Width}, {layout.HiddenLayers} hidden layers and {layout.InputWidth} inputs needs {bytes} bytes of shared memory a group; this device allows {limit}"
            : null;
    }

    /// <summary>The fused step of <paramref name="network"/>.</summary>
    /// <exception cref="NotSupportedException">The shape or the device is not one it runs (the message says why).</exception>
    public static FusedSecondOrderStep Create(MlpNetwork network)
    {
        if (Unsupported(network) is { } reason) throw new NotSupportedException(reason);
        return ActivationPair.Accept(network.Activation, network.OutputActivation, new Factory(network));
    }

    /// <summary>Compiles the step's kernels for <paramref name="loss"/> (null: the Eikonal term alone) now instead of at the first call.</summary>
    public abstract void Prepare(Loss? loss);

    /// <summary>Runs one step (see <see cref="FusedStepArguments"/>).</summary>
    public void Run(in FusedStepArguments arguments)
    {
        var layout = Network.Layout;
        var batch = arguments.BatchSize;
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(arguments), $"batch size must be ≥ 1 (got {batch})");
        if (arguments.Mode == GradientMode.Ignore) throw new ArgumentException("the fused second-order step computes a parameter gradient: mode must be Overwrite or Accumulate", nameof(arguments));
        if (!float.IsFinite(arguments.EikonalWeight) || arguments.EikonalWeight < 0) throw new ArgumentOutOfRangeException(nameof(arguments), $"the Eikonal weight λ must be finite and ≥ 0 (got {arguments.EikonalWeight})");
        if (!float.IsFinite(arguments.EikonalScale) || arguments.EikonalScale <= 0) throw new ArgumentOutOfRangeException(nameof(arguments), $"the input scale must be finite and > 0 (got {arguments.EikonalScale})");
        Check(arguments.Parameters, layout.ParameterCount, "Parameters");
        Check(arguments.Input, (long)batch * layout.InputWidth, "Input");
        Check(arguments.ParameterGradient, layout.ParameterCount, "ParameterGradient");
        if (arguments.Loss is not null) Check(arguments.Target, batch, "Target");
        if (arguments.Output.Length > 0) Check(arguments.Output, batch, "Output");
        if (arguments.LossValues.Length > 0) Check(arguments.LossValues, batch, "LossValues");
        if (arguments.Residuals.Length > 0) Check(arguments.Residuals, batch, "Residuals");
        if (arguments.InputGradient.Length > 0) Check(arguments.InputGradient, (long)batch * layout.InputWidth, "InputGradient");

        var tiles = (batch + FusedStepKernel.Samples - 1) / FusedStepKernel.Samples;
        var launch = Launcher(arguments.Loss);
        var groups = Math.Min(tiles, launch.Groups);
        var a = Network.Device.Accelerator;
        if (partials is null || partials.Length < (long)groups * PartialLength)
        {
            partials?.Dispose();
            partials = a.Allocate1D<float>((long)launch.Groups * PartialLength);
        }
        var views = new FusedStepViews
        {
            Weights = arguments.Parameters,
            BatchSize = batch,
            InputWidth = layout.InputWidth,
            PaddedInputs = Map.PaddedInputs,
            Width = layout.Width,
            HiddenLayers = layout.HiddenLayers,
            OutputMatrixOffset = layout.MatrixOffset(layout.HiddenLayers),
            Tiles = tiles,
            Input = arguments.Input,
            Target = arguments.Loss is null ? default : arguments.Target,
            Output = arguments.Output,
            LossValues = arguments.Loss is null ? default : arguments.LossValues,
            Residuals = arguments.Residuals,
            InputGradient = arguments.InputGradient,
            Partials = partials.View,
            PartialLength = PartialLength,
            LossNormalization = 1f / batch,
            LossParameter = arguments.Loss?.Parameter ?? 0f,
            EikonalScale = arguments.EikonalScale,
            EikonalWeight = arguments.EikonalWeight / batch,
        };
        partials.View.SubView(0, (long)groups * PartialLength).MemSetToZero();
        launch.Step(new KernelConfig(groups, Map.Threads, SharedMemoryConfig.RequestDynamic<float>(Map.Floats)), views);
        if (arguments.Mode == GradientMode.Overwrite) arguments.ParameterGradient.SubView(0, layout.ParameterCount).MemSetToZero();
        var reduceGroups = (PartialLength + TiledOuterProductKernel.ReduceElements - 1) / TiledOuterProductKernel.ReduceElements;
        Reduce(new KernelConfig(reduceGroups, TiledOuterProductKernel.ReduceGroupSize), arguments.ParameterGradient, 0, partials.View, PartialLength, groups);
    }

    private protected abstract (Action<KernelConfig, FusedStepViews> Step, int Groups) Launcher(Loss? loss);

    private protected abstract Action<KernelConfig, ArrayView<float>, long, ArrayView<float>, int, int> Reduce { get; }

    private static void Check(ArrayView<float> view, long length, string name)
    {
        if (view.Length < length) throw new ArgumentException($"{name} holds {view.Length} floats; this step needs {length}", name);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        partials?.Dispose();
        partials = null;
        GC.SuppressFinalize(this);
    }

    private sealed class Factory(MlpNetwork network) : IActivationPairVisitor<FusedSecondOrderStep>
    {
        public FusedSecondOrderStep Visit<THidden, TOutput>() where THidden : struct, IActivation where TOutput : struct, IActivation =>
            new FusedSecondOrderStep<THidden, TOutput>(network);
    }
}

/// <summary><see cref="FusedSecondOrderStep"/> for one activation pair: its kernels, one per data loss, compiled at first use.</summary>
internal sealed class FusedSecondOrderStep<THidden, TOutput> : FusedSecondOrderStep
    where THidden : struct, IActivation where TOutput : struct, IActivation
{
    private readonly ConcurrentDictionary<Type, Lazy<(Action<KernelConfig, FusedStepViews>, int)>> steps = new();
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, long, ArrayView<float>, int, int>> reduce;

    public FusedSecondOrderStep(MlpNetwork network) : base(network)
    {
        reduce = new(() => network.Device.LoadGroupedKernel<ArrayView<float>, long, ArrayView<float>, int, int>(TiledOuterProductKernel.ReducePartials));
    }

    public override void Prepare(Loss? loss)
    {
        _ = Launcher(loss);
        _ = reduce.Value;
    }

    private protected override Action<KernelConfig, ArrayView<float>, long, ArrayView<float>, int, int> Reduce => reduce.Value;

    /// <summary>The kernel of <paramref name="loss"/>'s formula; without a data loss the kernel reads no targets and any formula serves (L2's).</summary>
    private protected override (Action<KernelConfig, FusedStepViews> Step, int Groups) Launcher(Loss? loss) =>
        loss is null ? new ForLoss(this).Visit<L2Loss.Element>() : loss.Accept(new ForLoss(this));

    private (Action<KernelConfig, FusedStepViews>, int) Load<TLoss>() where TLoss : struct, IElementLoss
    {
        var device = Network.Device;
        var kernel = device.LoadExplicitlyGroupedKernel(device.Mode == ExecutionMode.Cuda
            ? ((Action<FusedStepViews>)FusedStepKernel.Step<THidden, TOutput, TLoss, WithTensorCores>).Method
            : ((Action<FusedStepViews>)FusedStepKernel.Step<THidden, TOutput, TLoss, WithEmulatedTensorCores>).Method);
        DynamicSharedMemory.Allow(kernel, Map.Bytes);
        var launcher = kernel.CreateLauncherDelegate<Action<AcceleratorStream, KernelConfig, FusedStepViews>>();
        // Persistent groups: as many as the GPU keeps resident (registers and shared memory decide), a few on the simulator.
        var groups = device.Mode == ExecutionMode.Cuda
            ? Math.Max(1, device.Accelerator.EstimateMaxActiveGroupsPerMultiprocessor(kernel, Map.Threads, Map.Bytes)) * device.Accelerator.NumMultiprocessors
            : 3;
        return ((config, views) => launcher(device.Accelerator.DefaultStream, config, views), groups);
    }

    private sealed class ForLoss(FusedSecondOrderStep<THidden, TOutput> step) : ILossElementVisitor<(Action<KernelConfig, FusedStepViews>, int)>
    {
        public (Action<KernelConfig, FusedStepViews>, int) Visit<TLoss>() where TLoss : struct, IElementLoss =>
            step.steps.GetOrAdd(typeof(TLoss), _ => new(step.Load<TLoss>)).Value;
    }
}
