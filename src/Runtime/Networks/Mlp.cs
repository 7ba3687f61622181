using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// tcnn's CutlassMLP role: the same network and passes as <see cref="FullyFusedMlp"/> for any width ≥ 1, run
/// layer by layer (one kernel per matrix product and one per elementwise step, <see cref="LayerwiseStrategy{THidden, TOutput}"/>)
/// instead of fused. Use it for widths the fused kernels do not cover; the parameter layout and results are the same.
/// </summary>
public sealed class Mlp : MlpNetwork
{
    /// <summary>Creates the network and compiles its kernels.</summary>
    public Mlp(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
        : base(device, layout, activation, outputActivation, Layerwise(device, layout, activation, outputActivation))
    {
    }

    /// <summary>The layer-by-layer strategy for the activation pair (typed dispatch to its generic kernels).</summary>
    internal static IMlpStrategy Layerwise(ComputeDevice device, MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation)
    {
        ArgumentNullException.ThrowIfNull(device);
        return ActivationPair.Accept(activation, outputActivation, new LayerwiseFactory(device, layout));
    }

    private sealed class LayerwiseFactory(ComputeDevice device, MlpLayout layout) : IActivationPairVisitor<IMlpStrategy>
    {
        public IMlpStrategy Visit<THidden, TOutput>() where THidden : struct, IActivation where TOutput : struct, IActivation =>
            new LayerwiseStrategy<THidden, TOutput>(device, layout);
    }
}
