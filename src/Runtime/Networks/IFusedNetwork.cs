using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// A fused MLP declared with <see cref="FusedNetworkAttribute"/>: its shape, activations and kernels, all
/// generated. The kernels are <see cref="FusedMlpKernels"/>' passes closed over the declaration's types.
/// </summary>
public interface IFusedNetwork
{
    /// <summary>Neurons per hidden layer.</summary>
    static abstract int Width { get; }

    /// <summary>Hidden layers.</summary>
    static abstract int HiddenLayers { get; }

    /// <summary>The hidden activation.</summary>
    static abstract ActivationInfo Activation { get; }

    /// <summary>The output activation.</summary>
    static abstract ActivationInfo OutputActivation { get; }

    /// <summary>The forward kernel (keep ≠ 0: training, stores what the backward passes read).</summary>
    static abstract void Forward(Index1D sample, MlpViews views, int keep);

    /// <summary>The backward kernel (computeInputGradient ≠ 0: also dL/dx).</summary>
    static abstract void Backward(Index1D sample, MlpViews views, int computeInputGradient);

    /// <summary>Backward-of-backward, sweep 1: the tangent.</summary>
    static abstract void TangentSweep(Index1D sample, MlpViews views);

    /// <summary>Backward-of-backward, sweep 2: the first-order adjoint.</summary>
    static abstract void AdjointSweep(Index1D sample, MlpViews views);

    /// <summary>Backward-of-backward, sweep 3: the second-order adjoint.</summary>
    static abstract void SecondAdjointSweep(Index1D sample, MlpViews views);
}
