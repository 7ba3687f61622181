using ILGPU;

namespace TinyNN.Optimizers;

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
