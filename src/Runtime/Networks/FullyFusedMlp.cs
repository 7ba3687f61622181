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
public sealed class FullyFusedMlp : MlpNetwork
{
    private static readonly Dictionary<int, Type> VectorTypes = new()
    {
        [16] = typeof(Vector16), [32] = typeof(Vector32), [64] = typeof(Vector64), [128] = typeof(Vector128),
    };

    private readonly Action<Index1D, MlpViews, int> forward;
    private readonly Action<Index1D, MlpViews, int> backward;
    private readonly Action<Index1D, MlpViews> tangentSweep, adjointSweep, secondAdjointSweep;
    private readonly Dictionary<Type, Action<AcceleratorStream, KernelConfig, MlpViews, int, int>>? shared;

    /// <summary>Creates the network and compiles (lazily, at first launch on a GPU) its kernels.</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
        : this(device, layout, activation, outputActivation, VectorType(layout.Width))
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation,
        Func<string, MethodInfo> kernel)
        : base(device, layout, activation, outputActivation)
    {
        forward = device.LoadKernel<MlpViews, int>(kernel(nameof(FusedMlpKernels.Forward)));
        backward = device.LoadKernel<MlpViews, int>(kernel(nameof(FusedMlpKernels.Backward)));
        tangentSweep = device.LoadKernel<MlpViews>(kernel(nameof(FusedMlpKernels.TangentSweep)));
        adjointSweep = device.LoadKernel<MlpViews>(kernel(nameof(FusedMlpKernels.AdjointSweep)));
        secondAdjointSweep = device.LoadKernel<MlpViews>(kernel(nameof(FusedMlpKernels.SecondAdjointSweep)));
        // The simulator takes this path too when its groups are GPU-sized (SharedWeightTests), so it is tested in CI.
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

    /// <summary>Runs a pass: staged weights on a GPU when they fit, else the per-sample kernel.</summary>
    private void Launch(Type pass, Action<Index1D, MlpViews> perSample, MlpViews views, int flag)
    {
        if (shared is null)
        {
            perSample(views.BatchSize, views);
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
        : this(device, layout, activation, outputActivation, CheckedKernels(layout, activation, outputActivation, vectorType))
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

    private protected override void RunForward(MlpViews views, bool keep, MlpContext? context) =>
        Launch(typeof(ForwardPass<,,>), (n, v) => forward(n, v, keep ? 1 : 0), views, keep ? 1 : 0);

    private protected override void RunBackward(MlpViews views, bool inputGradient, MlpContext context) =>
        Launch(typeof(BackwardPass<,,>), (n, v) => backward(n, v, inputGradient ? 1 : 0), views, inputGradient ? 1 : 0);

    private protected override void RunBackwardBackward(MlpViews views, MlpContext context)
    {
        Launch(typeof(TangentSweepPass<,,>), tangentSweep, views, 0);
        Launch(typeof(AdjointSweepPass<,,>), adjointSweep, views, 0);
        Launch(typeof(SecondAdjointSweepPass<,,>), secondAdjointSweep, views, 0);
    }
}
