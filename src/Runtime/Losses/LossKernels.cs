using ILGPU;

namespace TinyNN.Losses;

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
