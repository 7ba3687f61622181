using ILGPU;
using TinyNN.Losses;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// One call of <see cref="FusedSecondOrderStep.Run"/>: the objective is the Eikonal term λ·mean(‖s·∇ₓf‖ − 1)² (f the
/// network's one output) plus, with a <see cref="Loss"/> and targets, the data loss of f against them; its parameter
/// gradient goes to <see cref="ParameterGradient"/>. Device views; optional ones may stay empty.
/// </summary>
public struct FusedStepArguments
{
    /// <summary>The flat parameter vector.</summary>
    public ArrayView<float> Parameters;
    /// <summary>x, [batch, inputs].</summary>
    public ArrayView<float> Input;
    /// <summary>Samples in the batch.</summary>
    public int BatchSize;
    /// <summary>dObjective/dparams, [parameters].</summary>
    public ArrayView<float> ParameterGradient;
    /// <summary>Overwrite or add to <see cref="ParameterGradient"/> (Ignore: none is computed… and none is allowed here).</summary>
    public GradientMode Mode;
    /// <summary>λ of the Eikonal term.</summary>
    public float EikonalWeight;
    /// <summary>s in ∇ₓf = s·∇ᵤf when the network sees u = s·x + c (1: the network's own input).</summary>
    public float EikonalScale;
    /// <summary>The data loss (null: the Eikonal term alone).</summary>
    public Loss? Loss;
    /// <summary>The data loss's targets, [batch] (needed with <see cref="Loss"/>).</summary>
    public ArrayView<float> Target;
    /// <summary>Optional: y, [batch].</summary>
    public ArrayView<float> Output;
    /// <summary>Optional: each sample's data-loss value divided by the batch (their sum is the loss), [batch].</summary>
    public ArrayView<float> LossValues;
    /// <summary>Optional: each sample's (‖s·∇ₓf‖ − 1)², [batch].</summary>
    public ArrayView<float> Residuals;
    /// <summary>Optional: dObjective/dx, [batch, inputs] (an encoding below the network needs it).</summary>
    public ArrayView<float> InputGradient;
}
