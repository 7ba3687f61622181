using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>Which fused kernels a GPU runs (a choice for measuring them; the CPU paths ignore it).</summary>
public enum FusedKernels
{
    /// <summary>Tiles for widths 64 and 128, one sample a thread below.</summary>
    Auto,
    /// <summary>One sample a thread, weights staged in shared memory (width 128: layer by layer).</summary>
    PerSample,
}

/// <summary>
/// tcnn's FullyFusedMLP with second order: widths 16, 32, 64, 128, any depth ≥ 1, any activation pair. Each pass
/// is one fused kernel. On the CPU and for widths 16 and 32 on a GPU: one sample a thread, every layer in registers,
/// specialised per width and activations by the generated <see cref="IFusedVector{TSelf}"/> structs (weights staged in
/// shared memory on a GPU). Widths 64 and 128 on a GPU: warp-cooperative tiles (<see cref="TiledMlpKernels"/>), except
/// width-64 inference, which measured faster one sample a thread. Parameter gradients are batch-summed outer products.
/// </summary>
public sealed class FullyFusedMlp : MlpNetwork
{
    private static readonly Dictionary<int, Type> VectorTypes = new()
    {
        [16] = typeof(Vector16), [32] = typeof(Vector32), [64] = typeof(Vector64), [128] = typeof(Vector128),
    };

    /// <summary>The widest layer one thread holds in registers on a GPU (a 128-vector and its product need > 255).</summary>
    private const int MaxRegisterWidth = 64;

    // Per-sample kernels load on first use: on a GPU the shared-weight wrappers run instead, and each load compiles.
    private readonly Lazy<Action<Index1D, MlpViews, int>> forward;
    private readonly Lazy<Action<Index1D, MlpViews, int>> backward;
    private readonly Lazy<Action<Index1D, MlpViews>> tangentSweep, adjointSweep, secondAdjointSweep;
    private readonly Dictionary<Type, Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>? shared;
    private readonly Dictionary<Type, Lazy<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>>? tiled;
    private readonly Lazy<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>? tiledInference;
    private readonly Lazy<Action<Index1D, ArrayView<Float4>, ArrayView<float>, int, int, int, int, long>>? buildWeightImage;
    private readonly Mlp? layerwise;

    /// <summary>Creates the network and compiles (lazily, at first launch on a GPU) its kernels.</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
        : this(device, layout, activation, outputActivation, FusedKernels.Auto)
    {
    }

    /// <summary>Creates the network with a choice of GPU kernels (<see cref="FusedKernels.Auto"/> unless measuring them).</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, FusedKernels kernels)
        : this(device, layout, activation, outputActivation, VectorType(layout.Width), kernels)
    {
    }

    /// <summary>
    /// Tests: the tiled passes with tensor cores forced on or off (on the simulator <see cref="Tf32.Mma"/> emulates the
    /// instruction, so the simulator checks the tensor-core passes end to end).
    /// </summary>
    internal FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, bool tensorCores)
        : this(device, layout, activation, outputActivation, CheckedKernels(layout, activation, outputActivation, VectorType(layout.Width)),
            FusedKernels.Auto, tensorCores)
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation,
        Func<string, MethodInfo> kernel, FusedKernels kernels = FusedKernels.Auto, bool? tensorCores = null)
        : base(device, layout, activation, outputActivation)
    {
        MethodInfo forwardKernel = kernel(nameof(FusedMlpKernels.Forward)), backwardKernel = kernel(nameof(FusedMlpKernels.Backward)),
            tangentKernel = kernel(nameof(FusedMlpKernels.TangentSweep)), adjointKernel = kernel(nameof(FusedMlpKernels.AdjointSweep)),
            secondAdjointKernel = kernel(nameof(FusedMlpKernels.SecondAdjointSweep));
        forward = new(() => device.LoadKernel<MlpViews, int>(forwardKernel));
        backward = new(() => device.LoadKernel<MlpViews, int>(backwardKernel));
        tangentSweep = new(() => device.LoadKernel<MlpViews>(tangentKernel));
        adjointSweep = new(() => device.LoadKernel<MlpViews>(adjointKernel));
        secondAdjointSweep = new(() => device.LoadKernel<MlpViews>(secondAdjointKernel));
        if (kernels != FusedKernels.PerSample && TiledMlpKernels.Supports(layout)
            && (device.Mode == ExecutionMode.Cuda || device.Mode == ExecutionMode.CpuSimulator && device.Accelerator.MaxNumThreadsPerGroup >= layout.Width))
        {
            // Widths 64 and 128 on a GPU: warp-cooperative tiles (one sample a thread runs out of registers there).
            var cores = tensorCores ?? device.TensorCores ? typeof(WithTensorCores) : typeof(WithoutTensorCores);
            // Compiled at first launch, like the per-sample kernels: an inference-only network never compiles the others.
            Lazy<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>> Tiles(string name) => new(() => device.Accelerator
                .LoadKernel(typeof(TiledMlpKernels).GetMethod(name)!.MakeGenericMethod(activation.Type, outputActivation.Type, cores))
                .CreateLauncherDelegate<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>());
            buildWeightImage = new(() => device.LoadKernel<ArrayView<Float4>, ArrayView<float>, int, int, int, int, long>(WeightImage.Build));
            var backwardTiles = Tiles(nameof(TiledMlpKernels.Backward));
            tiled = new()
            {
                [typeof(ForwardPass<,,>)] = Tiles(nameof(TiledMlpKernels.Forward)),
                [typeof(BackwardPass<,,>)] = backwardTiles,
                [typeof(AdjointSweepPass<,,>)] = backwardTiles, // launched with flag 0: backward without dL/dx
                [typeof(TangentSweepPass<,,>)] = Tiles(nameof(TiledMlpKernels.TangentSweep)),
                [typeof(SecondAdjointSweepPass<,,>)] = Tiles(nameof(TiledMlpKernels.SecondAdjointSweep)),
            };
            if (layout.Width <= MaxRegisterWidth && layout.ParameterCount <= SharedWeightKernels.MaxParameters
                && device.Accelerator.MaxNumThreadsPerGroup >= SharedWeightKernels.GroupSize)
            {
                // Inference keeps nothing, and there one sample a thread with staged weights measured faster at width 64
                // (H100, 2^20: 813 against 522 M samples/s, Softplus; benchmarks/RESULTS.md), so it keeps that kernel.
                Type[] arguments = [VectorType(layout.Width), activation.Type, outputActivation.Type];
                tiledInference = new(() => device.Accelerator
                    .LoadKernel(typeof(SharedWeightKernels).GetMethod(nameof(SharedWeightKernels.Run))!.MakeGenericMethod(typeof(ForwardPass<,,>).MakeGenericType(arguments)))
                    .CreateLauncherDelegate<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>());
            }
            return;
        }
        if (device.Mode == ExecutionMode.Cuda && layout.Width > MaxRegisterWidth)
        {
            // Width 128 without tiles (inputs or outputs wider than the tile, or PerSample asked): layer by layer, same results.
            layerwise = new Mlp(device, layout, activation, outputActivation);
            return;
        }
        // The simulator takes this path too when its groups are GPU-sized (GpuPathTests), so it is tested in CI.
        var groupsFit = device.Mode == ExecutionMode.Cuda
            || device.Mode == ExecutionMode.CpuSimulator && device.Accelerator.MaxNumThreadsPerGroup >= SharedWeightKernels.GroupSize;
        if (groupsFit && layout.ParameterCount <= SharedWeightKernels.MaxParameters)
        {
            // On a GPU the same passes run behind a wrapper that stages the weights in shared memory.
            Type[] arguments = [VectorType(layout.Width), activation.Type, outputActivation.Type];
            shared = new[] { typeof(ForwardPass<,,>), typeof(BackwardPass<,,>), typeof(TangentSweepPass<,,>), typeof(AdjointSweepPass<,,>), typeof(SecondAdjointSweepPass<,,>) }
                .ToDictionary(pass => pass, pass => device.Accelerator
                    .LoadKernel(typeof(SharedWeightKernels).GetMethod(nameof(SharedWeightKernels.Run))!.MakeGenericMethod(pass.MakeGenericType(arguments)))
                    .CreateLauncherDelegate<Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>());
        }
    }

    /// <summary>Whether this network runs fused kernels on its device (false: width 128 with inputs or outputs wider than 128 on a GPU, run layer by layer).</summary>
    public bool IsFused => layerwise is null;

    /// <inheritdoc/>
    private protected override void PrepareOwnKernels()
    {
        if (layerwise is not null)
        {
            layerwise.PrepareKernels();
            return;
        }
        if (tiled is not null)
        {
            foreach (var kernel in tiled.Values) _ = kernel.Value;
            _ = buildWeightImage?.Value;
            _ = tiledInference?.Value;
            return;
        }
        if (shared is not null) return; // compiled at construction
        _ = forward.Value;
        _ = backward.Value;
        _ = tangentSweep.Value;
        _ = adjointSweep.Value;
        _ = secondAdjointSweep.Value;
    }

    /// <summary>Whether its GPU passes are the warp-cooperative tiles (<see cref="TiledMlpKernels"/>).</summary>
    public bool IsTiled => tiled is not null;

    /// <summary>
    /// On tiles with a context: builds the call's <see cref="WeightImage"/> in the context (one small launch; the
    /// weights may have changed since the last call) and binds it, so every group stages its weights by plain copies.
    /// Without a context (inference) the passes stage from the parameters.
    /// </summary>
    private MlpViews WithWeightImage(MlpViews views, MlpContext? context)
    {
        if (tiled is null || context is null) return views;
        var image = context.WeightImage();
        buildWeightImage!.Value((int)image.Length, image, views.Weights, Layout.Width, Layout.InputWidth, Layout.HiddenLayers, Layout.OutputWidth,
            views.OutputMatrixOffset);
        views.WeightImage = image;
        return views;
    }

    /// <summary>Runs a pass: tiles, or staged weights on a GPU when they fit, else the per-sample kernel.</summary>
    private void Launch(Type pass, Func<Action<Index1D, MlpViews>> perSample, MlpViews views, int flag)
    {
        if (tiledInference is not null && pass == typeof(ForwardPass<,,>) && flag == 0)
        {
            var weights = (int)Layout.ParameterCount;
            var sampleGroups = (views.BatchSize + SharedWeightKernels.GroupSize - 1) / SharedWeightKernels.GroupSize;
            tiledInference.Value(Device.Accelerator.DefaultStream,
                new KernelConfig(sampleGroups, SharedWeightKernels.GroupSize, SharedMemoryConfig.RequestDynamic<float>(weights)), views, weights, 0);
            return;
        }
        if (tiled is not null)
        {
            var width = Layout.Width;
            var tiles = (views.BatchSize + TiledMlpKernels.Samples - 1) / TiledMlpKernels.Samples;
            tiled[pass].Value(Device.Accelerator.DefaultStream, new KernelConfig(tiles, width, SharedMemoryConfig.RequestDynamic<Float4>(TiledMlpKernels.SharedFloat4s(width))),
                views, width, flag);
            return;
        }
        if (shared is null)
        {
            perSample()(views.BatchSize, views);
            return;
        }
        var count = (int)Layout.ParameterCount;
        var groups = (views.BatchSize + SharedWeightKernels.GroupSize - 1) / SharedWeightKernels.GroupSize;
        shared[pass](Device.Accelerator.DefaultStream, new KernelConfig(groups, SharedWeightKernels.GroupSize, SharedMemoryConfig.RequestDynamic<float>(count)),
            views, count, flag);
    }

    /// <summary>
    /// The network a <see cref="FusedNetworkAttribute"/> declaration describes, running its generated kernels, for
    /// <paramref name="inputWidth"/> inputs (already padded by the encoding) and <paramref name="outputWidth"/> outputs.
    /// </summary>
    public static FullyFusedMlp Create<TNetwork>(ComputeDevice device, int inputWidth, int outputWidth) where TNetwork : IFusedNetwork
    {
        var layout = new MlpLayout(inputWidth, TNetwork.Width, TNetwork.HiddenLayers, outputWidth);
        // Interface members are implemented by public static methods of the same name (the generated ones).
        return new FullyFusedMlp(device, layout, TNetwork.Activation, TNetwork.OutputActivation, name =>
            typeof(TNetwork).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"{typeof(TNetwork).Name} has no public static {name} kernel; declare it with [FusedNetwork] so the generator writes it"));
    }

    /// <summary>A network whose per-width vector is <paramref name="vectorType"/> (a [FusedVector] struct).</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, Type vectorType)
        : this(device, layout, activation, outputActivation, vectorType, FusedKernels.Auto)
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, Type vectorType, FusedKernels kernels)
        : this(device, layout, activation, outputActivation, CheckedKernels(layout, activation, outputActivation, vectorType), kernels)
    {
    }

    private static Func<string, MethodInfo> CheckedKernels(MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, Type vectorType)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(outputActivation);
        ArgumentNullException.ThrowIfNull(vectorType);
        var vectorWidth = vectorType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFusedVector<>))
            ? (int)vectorType.GetProperty("Width", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
            : throw new ArgumentException($"{vectorType.Name} is not a [FusedVector] struct (IFusedVector<{vectorType.Name}>)", nameof(vectorType));
        if (vectorWidth != layout.Width)
        {
            throw new ArgumentException($"{vectorType.Name} holds {vectorWidth} neurons but the layout's width is {layout.Width}", nameof(vectorType));
        }
        Type[] arguments = [vectorType, activation.Type, outputActivation.Type];
        return name => typeof(FusedMlpKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(arguments);
    }

    /// <summary>The widths the fused kernels are generated for.</summary>
    public static IReadOnlyCollection<int> SupportedWidths => VectorTypes.Keys;

    private static Type VectorType(int width) => VectorTypes.TryGetValue(width, out var vector)
        ? vector
        : throw new ArgumentException($"FullyFusedMlp width must be 16, 32, 64 or 128 (got {width}); use Mlp for other widths", nameof(width));

    internal override void RunForward(MlpViews views, bool keep, MlpContext? context)
    {
        if (layerwise is not null) layerwise.RunForward(views, keep, context);
        else Launch(typeof(ForwardPass<,,>), () => (n, v) => forward.Value(n, v, keep ? 1 : 0), WithWeightImage(views, keep ? context : null), keep ? 1 : 0);
    }

    internal override void RunBackward(MlpViews views, bool inputGradient, MlpContext context)
    {
        if (layerwise is not null) layerwise.RunBackward(views, inputGradient, context);
        else Launch(typeof(BackwardPass<,,>), () => (n, v) => backward.Value(n, v, inputGradient ? 1 : 0), WithWeightImage(views, context), inputGradient ? 1 : 0);
    }

    internal override void RunBackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent)
    {
        if (layerwise is not null)
        {
            layerwise.RunBackwardBackward(views, context, adjointsAreCurrent);
            return;
        }
        views = WithWeightImage(views, context);
        Launch(typeof(TangentSweepPass<,,>), () => tangentSweep.Value, views, 0);
        if (!adjointsAreCurrent) Launch(typeof(AdjointSweepPass<,,>), () => adjointSweep.Value, views, 0);
        Launch(typeof(SecondAdjointSweepPass<,,>), () => secondAdjointSweep.Value, views, 0);
    }
}
