using ILGPU;

namespace TinyNN.Losses;

/// <summary>
/// What one loss launch reads and writes, as a single kernel argument (public because ILGPU's CPU backend requires
/// kernel argument types to be visible).
/// </summary>
public struct LossArguments
{
    /// <summary>Predictions, [samples, Stride].</summary>
    public ArrayView<float> Predictions;
    /// <summary>Targets, [samples, Dims].</summary>
    public ArrayView<float> Targets;
    /// <summary>Per-element loss values, [samples, Stride].</summary>
    public ArrayView<float> Values;
    /// <summary>dL/dprediction, [samples, Stride].</summary>
    public ArrayView<float> Gradients;
    /// <summary>Prediction columns per sample (tcnn's padded output width).</summary>
    public int Stride;
    /// <summary>Compared columns per sample (the target width).</summary>
    public int Dims;
    /// <summary>samples · Dims as a float: tcnn's n_total, the normalisation of values and gradients.</summary>
    public float Total;
    /// <summary>The factor the gradients are multiplied by (mixed-precision loss scaling).</summary>
    public float LossScale;
    /// <summary>The loss's own parameter (Huber's delta), unused by the others.</summary>
    public float Parameter;
}

/// <summary>The loss kernel shared by every elementwise loss: one thread per prediction element.</summary>
internal static class LossKernels
{
    /// <summary>
    /// tcnn's loss kernels: padding columns (≥ Dims) get value and gradient 0; the others get value / n_total and
    /// loss_scale · gradient / n_total, with the target of column c of sample s at s · Dims + c.
    /// </summary>
    public static void Evaluate<TLoss>(Index1D index, LossArguments a) where TLoss : struct, IElementLoss
    {
        int i = index;
        var column = i % a.Stride;
        if (column >= a.Dims)
        {
            a.Values[i] = 0f;
            a.Gradients[i] = 0f;
            return;
        }
        var prediction = a.Predictions[i];
        var target = a.Targets[i / a.Stride * a.Dims + column];
        a.Values[i] = TLoss.Value(prediction, target, a.Parameter) / a.Total;
        a.Gradients[i] = a.LossScale * TLoss.Gradient(prediction, target, a.Parameter) / a.Total;
    }
}
