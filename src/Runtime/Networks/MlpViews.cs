using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// Everything one fused MLP launch reads and writes, as a single kernel argument. Per-sample inputs and outputs
/// are row-major [batch, width] (npy order); per-layer vectors the passes keep are [layer][neuron][batch], so a
/// warp's loads and stores of one neuron are coalesced. Views a pass does not use are empty.
/// </summary>
public struct MlpViews
{
    /// <summary>The flat parameter vector (tcnn layout).</summary>
    public ArrayView<float> Weights;
    /// <summary>Samples in the batch.</summary>
    public int BatchSize;
    /// <summary>Inputs per sample.</summary>
    public int InputWidth;
    /// <summary>Hidden layers.</summary>
    public int HiddenLayers;
    /// <summary>Outputs per sample.</summary>
    public int OutputWidth;
    /// <summary>Offset of the output matrix in <see cref="Weights"/>.</summary>
    public long OutputMatrixOffset;

    /// <summary>x, [batch, InputWidth].</summary>
    public ArrayView<float> Input;
    /// <summary>y, [batch, OutputWidth].</summary>
    public ArrayView<float> Output;
    /// <summary>Hidden pre-activations p₀..p_{H−1}, [H][width][batch] (kept by training forward).</summary>
    public ArrayView<float> PreActivations;
    /// <summary>Hidden activations h₁..h_H, [H][width][batch] (kept by training forward, for dL/dW).</summary>
    public ArrayView<float> Activations;
    /// <summary>Output pre-activations, [batch, OutputWidth].</summary>
    public ArrayView<float> OutputPreActivations;

    /// <summary>dL₁/dy, [batch, OutputWidth].</summary>
    public ArrayView<float> OutputGradient;
    /// <summary>dL₁/dx (backward) or dL₂/dx (backward-backward), [batch, InputWidth].</summary>
    public ArrayView<float> InputGradient;
    /// <summary>Per-layer δ (backward) for dL/dW, [H][width][batch].</summary>
    public ArrayView<float> Deltas;
    /// <summary>Output-layer δ, [batch, OutputWidth].</summary>
    public ArrayView<float> OutputDeltas;

    /// <summary>g₀ = dL₂/d(dL₁/dx), [batch, InputWidth].</summary>
    public ArrayView<float> InputGradientDirection;
    /// <summary>Tangent pre-activations u₀..u_{H−1}, [H][width][batch].</summary>
    public ArrayView<float> Tangents;
    /// <summary>Tangent activations g₁..g_H, [H][width][batch].</summary>
    public ArrayView<float> TangentActivations;
    /// <summary>First-order adjoints a₁..a_H (dL₁/dh), [H][width][batch], kept by backward-backward's adjoint sweep.</summary>
    public ArrayView<float> Adjoints;
    /// <summary>Second-order adjoints s₀..s_{H−1}, [H][width][batch].</summary>
    public ArrayView<float> SecondDeltas;
    /// <summary>Output-layer second-order adjoints, [batch, OutputWidth].</summary>
    public ArrayView<float> OutputSecondDeltas;
    /// <summary>dL₂/d(dL₁/dy), [batch, OutputWidth].</summary>
    public ArrayView<float> OutputGradientGradient;
    /// <summary>
    /// Device addresses (<see cref="Devices.L2Prefetch.AddressOf"/>) of <see cref="PreActivations"/>, <see cref="Tangents"/>
    /// and <see cref="Adjoints"/> on CUDA, 0 elsewhere: the tiled passes prefetch the rows their elementwise steps read.
    /// </summary>
    public long PreActivationsAddress, TangentsAddress, AdjointsAddress;

    /// <summary>
    /// The weights in the layout the tiled passes stage (<see cref="Networks.WeightImage"/>), built for this call; empty:
    /// the passes stage from <see cref="Weights"/> directly.
    /// </summary>
    public ArrayView<Float4> WeightImage;

    /// <summary>ê of an extra first-order term ⟨y, ê⟩ added to L₂ (empty: none), [batch, OutputWidth].</summary>
    public ArrayView<float> ExtraOutputGradient;
}
