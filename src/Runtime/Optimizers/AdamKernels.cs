using ILGPU;

namespace TinyNN.Optimizers;

/// <summary>What one Adam step reads and writes, as a single kernel argument.</summary>
internal struct AdamArguments
{
    public ArrayView<float> Parameters;
    public ArrayView<float> Gradients;
    public ArrayView<float> FirstMoments;
    public ArrayView<float> SecondMoments;
    public ArrayView<uint> ParameterSteps;
    public int MatrixParameters;
    public float LossScale;
    public float LearningRate;
    public float NonMatrixLearningRateFactor;
    public float Beta1;
    public float Beta2;
    public float Epsilon;
    public float LowerBound;
    public float UpperBound;
    public float L2Reg;
    public float NonMatrixL2Reg;
    public float RelativeDecay;
    public float AbsoluteDecay;
    public float ClippingMagnitude;
    public float GradientClippingMagnitude;
    public bool OptimizeMatrix;
    public bool OptimizeNonMatrix;
    public bool SkipZeroGradNonMatrix;
}

/// <summary>tcnn's adam_step [optimizers/adam.h], one thread per parameter.</summary>
internal static class AdamKernels
{
    public static void Step(Index1D index, AdamArguments a)
    {
        int i = index;
        var gradient = a.Gradients[i] / a.LossScale;
        var matrix = i < a.MatrixParameters;
        if (matrix ? !a.OptimizeMatrix : (!a.OptimizeNonMatrix || (gradient == 0f && a.SkipZeroGradNonMatrix))) return;

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
        learningRate *= MathF.Sqrt(1f - MathF.Pow(a.Beta2, step)) / (1f - MathF.Pow(a.Beta1, step));

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
}
