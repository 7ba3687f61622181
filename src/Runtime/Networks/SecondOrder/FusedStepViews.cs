using ILGPU;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// Everything one launch of the fused second-order step (<see cref="FusedStepKernel"/>) reads and writes, as a single
/// kernel argument. Per-sample arrays are row-major [batch, width] (npy order); views a call does not use are empty.
/// </summary>
public struct FusedStepViews
{
    /// <summary>The flat parameter vector (tcnn layout, <see cref="MlpLayout"/>).</summary>
    public ArrayView<float> Weights;
    /// <summary>Samples in the batch.</summary>
    public int BatchSize;
    /// <summary>Inputs per sample.</summary>
    public int InputWidth;
    /// <summary>Inputs rounded up to a multiple of 16 (the first layer's K and the rows of ∇ₓf).</summary>
    public int PaddedInputs;
    /// <summary>Neurons per hidden layer.</summary>
    public int Width;
    /// <summary>Hidden layers.</summary>
    public int HiddenLayers;
    /// <summary>Offset of the output matrix in <see cref="Weights"/>.</summary>
    public long OutputMatrixOffset;
    /// <summary>Sample tiles of <see cref="FusedStepKernel.Samples"/> in the batch.</summary>
    public int Tiles;

    /// <summary>x, [batch, InputWidth].</summary>
    public ArrayView<float> Input;
    /// <summary>The data loss's targets, [batch, 1] (empty: no data loss, the Eikonal term alone).</summary>
    public ArrayView<float> Target;
    /// <summary>y, [batch, 1] (empty: not written).</summary>
    public ArrayView<float> Output;
    /// <summary>Each sample's data-loss value divided by the batch (as <see cref="Losses.Loss.Evaluate(ArrayView{float}, ArrayView{float}, ArrayView{float}, ArrayView{float}, int, float)"/>), [batch] (empty: not written).</summary>
    public ArrayView<float> LossValues;
    /// <summary>Each sample's (‖∇ₓf‖ − 1)², [batch] (empty: not written).</summary>
    public ArrayView<float> Residuals;
    /// <summary>dL/dx of the whole objective, [batch, InputWidth] (empty: not computed; an encoding below the network needs it).</summary>
    public ArrayView<float> InputGradient;
    /// <summary>Each group's parameter-gradient sums, [groups][<see cref="PartialLength"/>], reduced in a fixed order afterwards.</summary>
    public ArrayView<float> Partials;
    /// <summary>Floats of one group's partial sums: the hidden matrices and the output row.</summary>
    public int PartialLength;

    /// <summary>1 / (batch · outputs): tcnn's normalisation of an elementwise loss.</summary>
    public float LossNormalization;
    /// <summary>The loss formula's parameter (Huber's δ; 0 for the others).</summary>
    public float LossParameter;
    /// <summary>s in ∇ₓf = s·∇ᵤf (the model sees u = s·x + c).</summary>
    public float EikonalScale;
    /// <summary>λ / batch.</summary>
    public float EikonalWeight;
}
