using System.Reflection;
using ILGPU;
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
    private readonly Action<Index1D, MlpViews> backwardBackward;

    /// <summary>Creates the network and compiles (lazily, at first launch on a GPU) its kernels.</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
        : this(device, layout, activation, outputActivation, VectorType(layout.Width))
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation,
        MethodInfo forwardKernel, MethodInfo backwardKernel, MethodInfo backwardBackwardKernel)
        : base(device, layout, activation, outputActivation)
    {
        forward = device.LoadKernel<MlpViews, int>(forwardKernel);
        backward = device.LoadKernel<MlpViews, int>(backwardKernel);
        backwardBackward = device.LoadKernel<MlpViews>(backwardBackwardKernel);
    }

    /// <summary>
    /// The network a <see cref="FusedNetworkAttribute"/> declaration describes, running its generated kernels, for
    /// <paramref name="inputWidth"/> inputs (already padded by the encoding) and <paramref name="outputWidth"/> outputs.
    /// </summary>
    public static FullyFusedMlp Create<TNetwork>(ComputeDevice device, int inputWidth, int outputWidth) where TNetwork : IFusedNetwork
    {
        var layout = new MlpLayout(inputWidth, TNetwork.Width, TNetwork.HiddenLayers, outputWidth);
        MethodInfo Declared(string name, params Type[] parameters) =>
            typeof(TNetwork).GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
            ?? throw new ArgumentException($"{typeof(TNetwork).Name} has no public static {name} kernel; declare it with [FusedNetwork] so the generator writes it");
        return new FullyFusedMlp(device, layout, TNetwork.Activation, TNetwork.OutputActivation,
            Declared(nameof(IFusedNetwork.Forward), typeof(Index1D), typeof(MlpViews), typeof(int)),
            Declared(nameof(IFusedNetwork.Backward), typeof(Index1D), typeof(MlpViews), typeof(int)),
            Declared(nameof(IFusedNetwork.BackwardBackward), typeof(Index1D), typeof(MlpViews)));
    }

    /// <summary>A network whose per-width vector is <paramref name="vectorType"/> (a [FusedVector] struct).</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, Type vectorType)
        : base(device, layout, activation, outputActivation)
    {
        ArgumentNullException.ThrowIfNull(vectorType);
        var vectorWidth = vectorType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFusedVector<>))
            ? (int)vectorType.GetProperty("Width", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
            : throw new ArgumentException($"{vectorType.Name} is not a [FusedVector] struct (IFusedVector<{vectorType.Name}>)", nameof(vectorType));
        if (vectorWidth != layout.Width)
        {
            throw new ArgumentException($"{vectorType.Name} holds {vectorWidth} neurons but the layout's width is {layout.Width}", nameof(vectorType));
        }
        Type[] arguments = [vectorType, activation.Type, outputActivation.Type];
        forward = device.LoadKernel<MlpViews, int>(Kernel(nameof(FusedMlpKernels.Forward), arguments));
        backward = device.LoadKernel<MlpViews, int>(Kernel(nameof(FusedMlpKernels.Backward), arguments));
        backwardBackward = device.LoadKernel<MlpViews>(Kernel(nameof(FusedMlpKernels.BackwardBackward), arguments));
    }

    /// <summary>The widths the fused kernels are generated for.</summary>
    public static IReadOnlyCollection<int> SupportedWidths => VectorTypes.Keys;

    private static Type VectorType(int width) => VectorTypes.TryGetValue(width, out var vector)
        ? vector
        : throw new ArgumentException($"FullyFusedMlp width must be 16, 32, 64 or 128 (got {width}); use Mlp for other widths", nameof(width));

    private static MethodInfo Kernel(string name, Type[] arguments) =>
        typeof(FusedMlpKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(arguments);

    private protected override void RunForward(MlpViews views, bool keep, MlpContext? context) => forward(views.BatchSize, views, keep ? 1 : 0);

    private protected override void RunBackward(MlpViews views, bool inputGradient, MlpContext context) =>
        backward(views.BatchSize, views, inputGradient ? 1 : 0);

    private protected override void RunBackwardBackward(MlpViews views, MlpContext context) => backwardBackward(views.BatchSize, views);
}
