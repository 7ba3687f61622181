using ILGPU;

namespace TinyNN.Optimizers;

/// <summary>
/// What one Adam step reads and writes, as a single kernel argument (public because ILGPU's CPU backend requires
/// kernel argument types to be visible).
/// </summary>
public struct AdamArguments
{
    /// <summary>The flat parameter vector, updated in place.</summary>
    public ArrayView<float> Parameters;
    /// <summary>dL/dparameters, multiplied by the loss scale.</summary>
    public ArrayView<float> Gradients;
    /// <summary>Adam's m.</summary>
    public ArrayView<float> FirstMoments;
    /// <summary>Adam's v.</summary>
    public ArrayView<float> SecondMoments;
    /// <summary>Steps each parameter has taken (for its bias correction).</summary>
    public ArrayView<uint> ParameterSteps;
    /// <summary>β₁^(2ᵏ) at [k] and β₂^(2ᵏ) at [32 + k], k = 0..31, rounded from float64 on the host.</summary>
    public ArrayView<float> DecayPowers;
    /// <summary>Parameters [0, this) are matrix weights.</summary>
    public int MatrixParameters;
    /// <summary>The factor the gradients carry.</summary>
    public float LossScale;
    /// <summary>Base learning rate.</summary>
    public float LearningRate;
    /// <summary>Learning-rate factor of non-matrix parameters.</summary>
    public float NonMatrixLearningRateFactor;
    /// <summary>First-moment decay.</summary>
    public float Beta1;
    /// <summary>Second-moment decay.</summary>
    public float Beta2;
    /// <summary>Added to √v.</summary>
    public float Epsilon;
    /// <summary>Lower clamp of the step size (AdaBound; else 0).</summary>
    public float LowerBound;
    /// <summary>Upper clamp of the step size (AdaBound; else float.MaxValue).</summary>
    public float UpperBound;
    /// <summary>L2 term of matrix weights.</summary>
    public float L2Reg;
    /// <summary>L2 term of non-matrix parameters.</summary>
    public float NonMatrixL2Reg;
    /// <summary>Decoupled relative weight decay.</summary>
    public float RelativeDecay;
    /// <summary>Decoupled absolute weight decay.</summary>
    public float AbsoluteDecay;
    /// <summary>Weight clamp (0: off).</summary>
    public float ClippingMagnitude;
    /// <summary>Gradient clamp (0: off).</summary>
    public float GradientClippingMagnitude;
    // Flags as ints: a bool makes the struct non-blittable, which ILGPU rejects as a kernel parameter.
    /// <summary>1: update matrix weights.</summary>
    public int OptimizeMatrix;
    /// <summary>1: update non-matrix parameters.</summary>
    public int OptimizeNonMatrix;
    /// <summary>1: leave non-matrix parameters with a zero gradient untouched.</summary>
    public int SkipZeroGradNonMatrix;
}
