using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks.Generated;

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
/// tcnn's FullyFusedMLP with second order: any width a [FusedVector] struct is declared for (TinyNN declares tcnn's
/// set), any depth ≥ 1, any activation pair. A shape plus one strategy, chosen when the network is built: on the CPU
/// one sample a thread with every layer in the generated registers of the width's vector; on a GPU the same with the
/// weights staged in shared memory where a layer fits one thread's registers, warp-cooperative tiles for widths 64
/// and 128 (<see cref="TiledMlpKernels"/>), and layer by layer for width 128 with inputs or outputs wider than a tile.
/// A config-built network and a <see cref="FusedNetworkAttribute"/> declaration reach the same strategies through typed
/// dispatch (<see cref="FusedVectorTable"/>, <see cref="ActivationInfo.Accept{TResult}"/>, <see cref="IFusedNetwork.Accept{TResult}"/>).
/// </summary>
public sealed class FullyFusedMlp : MlpNetwork
{
    /// <summary>Creates the network and chooses its strategy (kernels compile at first launch or in <see cref="MlpNetwork.PrepareKernels"/>).</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
        : this(device, layout, activation, outputActivation, FusedKernels.Auto)
    {
    }

    /// <summary>Creates the network with a choice of GPU kernels (<see cref="FusedKernels.Auto"/> unless measuring them).</summary>
    public FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, FusedKernels kernels)
        : this(device, layout, activation, outputActivation, new FusedStrategyChoice(device, layout, kernels, TensorCores: null))
    {
    }

    /// <summary>
    /// Tests: the tiled passes with tensor cores forced on or off (on the simulator <see cref="Tf32.Mma{TCores}"/> emulates the
    /// instruction, so the simulator checks the tensor-core passes end to end).
    /// </summary>
    internal FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, bool tensorCores)
        : this(device, layout, activation, outputActivation, new FusedStrategyChoice(device, layout, FusedKernels.Auto, tensorCores))
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, FusedStrategyChoice choice)
        : base(device, layout, activation, outputActivation, ForConfig(choice, activation, outputActivation))
    {
    }

    private FullyFusedMlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, IMlpStrategy strategy)
        : base(device, layout, activation, outputActivation, strategy)
    {
    }

    /// <summary>
    /// The network a <see cref="FusedNetworkAttribute"/> declaration describes, running the kernels specialised for its
    /// structs, for <paramref name="inputWidth"/> inputs (already padded by the encoding) and <paramref name="outputWidth"/> outputs.
    /// </summary>
    public static FullyFusedMlp Create<TNetwork>(ComputeDevice device, int inputWidth, int outputWidth) where TNetwork : IFusedNetwork
    {
        ArgumentNullException.ThrowIfNull(device);
        var layout = new MlpLayout(inputWidth, TNetwork.Width, TNetwork.HiddenLayers, outputWidth);
        var strategy = TNetwork.Accept(new FusedStrategyChoice(device, layout, FusedKernels.Auto, TensorCores: null));
        return new FullyFusedMlp(device, layout, TNetwork.Activation, TNetwork.OutputActivation, strategy);
    }

    /// <summary>The widths fused kernels are generated for: the [FusedVector] declarations.</summary>
    public static IReadOnlyList<int> SupportedWidths => FusedVectorTable.Widths;

    /// <summary>Whether this network runs fused kernels on its device (false: width 128 with inputs or outputs wider than 128 on a GPU, run layer by layer).</summary>
    public bool IsFused => Strategy != MlpStrategyKind.Layerwise;

    /// <summary>Whether its GPU passes are the warp-cooperative tiles (<see cref="TiledMlpKernels"/>).</summary>
    public bool IsTiled => Strategy == MlpStrategyKind.Tiled;

    private static IMlpStrategy ForConfig(FusedStrategyChoice choice, ActivationInfo activation, ActivationInfo outputActivation)
    {
        ArgumentNullException.ThrowIfNull(choice.Device);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(outputActivation);
        var width = choice.Layout.Width;
        if (!FusedVectorTable.Declares(width))
        {
            throw new ArgumentException($"FullyFusedMlp width must be {FusedVectorTable.Description} (got {width}); use Mlp for other widths", nameof(choice));
        }
        return FusedVectorTable.Accept(width, new WithActivations(activation, outputActivation, choice));
    }

    private sealed class WithActivations(ActivationInfo activation, ActivationInfo outputActivation, IFusedNetworkVisitor<IMlpStrategy> choice)
        : IFusedVectorVisitor<IMlpStrategy>
    {
        public IMlpStrategy Visit<TVector>() where TVector : struct, IFusedVector<TVector> =>
            ActivationPair.Accept(activation, outputActivation, new WithVector<TVector>(choice));
    }

    private sealed class WithVector<TVector>(IFusedNetworkVisitor<IMlpStrategy> choice) : IActivationPairVisitor<IMlpStrategy>
        where TVector : struct, IFusedVector<TVector>
    {
        public IMlpStrategy Visit<THidden, TOutput>() where THidden : struct, IActivation where TOutput : struct, IActivation =>
            choice.Visit<TVector, THidden, TOutput>();
    }
}
