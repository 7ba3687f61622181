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

/// <summary>tcnn's adam_step [optimizers/adam.h], one thread per parameter.</summary>
internal static class AdamKernels
{
    public static void Step(Index1D index, AdamArguments a)
    {
        int i = index;
        var gradient = a.Gradients[i] / a.LossScale;
        var matrix = i < a.MatrixParameters;
        if (matrix ? a.OptimizeMatrix == 0 : (a.OptimizeNonMatrix == 0 || (gradient == 0f && a.SkipZeroGradNonMatrix != 0))) return;

        var weight = a.Parameters[i];
        gradient += (matrix ? a.L2Reg : a.NonMatrixL2Reg) * weight;
        if (a.GradientClippingMagnitude != 0f)
        {
            gradient = FloatBits.CopySign(MathF.Min(MathF.Abs(gradient), a.GradientClippingMagnitude), gradient);
        }

        var firstMoment = a.Beta1 * a.FirstMoments[i] + (1f - a.Beta1) * gradient;
        var secondMoment = a.Beta2 * a.SecondMoments[i] + (1f - a.Beta2) * (gradient * gradient);
        a.FirstMoments[i] = firstMoment;
        a.SecondMoments[i] = secondMoment;

        var learningRate = matrix ? a.LearningRate : a.LearningRate * a.NonMatrixLearningRateFactor;

        // Bias correction per parameter: with the zero-gradient skip, parameters can have taken different step counts.
        var step = a.ParameterSteps[i] + 1u;
        a.ParameterSteps[i] = step;
        learningRate *= MathF.Sqrt(1f - Power(a.DecayPowers, 32, step)) / (1f - Power(a.DecayPowers, 0, step));

        // AdaBound's clamp of the per-parameter step size (bounds 0 and float.MaxValue when it is off).
        var stepSize = MathF.Min(MathF.Max(learningRate / (MathF.Sqrt(secondMoment) + a.Epsilon), a.LowerBound), a.UpperBound);

        // Decoupled decay uses the bias-corrected learning rate, as tcnn's weight_decay call does.
        var decayed = (1f - a.RelativeDecay * learningRate) * weight - FloatBits.CopySign(a.AbsoluteDecay * learningRate, weight);
        var updated = decayed - stepSize * firstMoment;
        if (a.ClippingMagnitude != 0f)
        {
            updated = MathF.Min(MathF.Max(updated, -a.ClippingMagnitude), a.ClippingMagnitude);
        }
        a.Parameters[i] = updated;
    }

    /// <summary>
    /// βᵗ as the product of the table's β^(2ᵏ) over the set bits k of t: float32 multiplications only (no pow, which
    /// ILGPU lowers to a long float64-laced routine), exact for t = 1 and within popcount(t) roundings otherwise.
    /// </summary>
    private static float Power(ArrayView<float> powers, int offset, uint exponent)
    {
        var result = 1f;
        for (var k = offset; exponent != 0u; k++, exponent >>= 1)
        {
            if ((exponent & 1u) != 0u) result *= powers[k];
        }
        return result;
    }
}
