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
