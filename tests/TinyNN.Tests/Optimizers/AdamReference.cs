using TinyNN.Optimizers;

namespace TinyNN.Tests.Optimizers;

/// <summary>
/// tcnn's Adam step (include/tiny-cuda-nn/optimizers/adam.h, adam_step and AdamOptimizer::step) in float64,
/// written from the header, with the same per-parameter step counters, non-matrix rules, AdaBound bounds,
/// decoupled decay and clipping.
/// </summary>
internal sealed class AdamReference(AdamOptions o, int count, int matrixCount)
{
    public double[] FirstMoments { get; } = new double[count];
    public double[] SecondMoments { get; } = new double[count];
    public uint[] ParameterSteps { get; } = new uint[count];
    public long Steps { get; private set; }
    public int BoundedSteps { get; private set; }

    public void Step(double[] weights, float[] scaledGradients, double lossScale)
    {
        Steps++;
        double beta1 = o.Beta1, beta2 = o.Beta2;
        double lower = 0, upper = double.MaxValue;
        if (o.AdaBound)
        {
            lower = 0.1 - 0.1 / ((1 - beta2) * Steps + 1);
            upper = 0.1 + 0.1 / ((1 - beta2) * Steps);
        }
        for (var i = 0; i < count; i++)
        {
            var g = scaledGradients[i] / lossScale;
            var matrix = i < matrixCount;
            if (matrix && !o.OptimizeMatrixParams) continue;
            if (!matrix && (!o.OptimizeNonMatrixParams || (g == 0 && o.SkipZeroGradNonMatrixParams))) continue;
            var w = weights[i];
            g += (matrix ? o.L2Reg : o.NonMatrixL2Reg) * w;
            if (o.GradientClippingMagnitude != 0) g = Math.Clamp(g, -(double)o.GradientClippingMagnitude, o.GradientClippingMagnitude);
            FirstMoments[i] = beta1 * FirstMoments[i] + (1 - beta1) * g;
            SecondMoments[i] = beta2 * SecondMoments[i] + (1 - beta2) * g * g;
            var lr = o.LearningRate * (matrix ? 1.0 : o.NonMatrixLearningRateFactor);
            var t = ++ParameterSteps[i];
            lr *= Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            var raw = lr / (Math.Sqrt(SecondMoments[i]) + o.Epsilon);
            var stepSize = Math.Min(Math.Max(raw, lower), upper);
            if (stepSize != raw) BoundedSteps++;
            var decayed = (1 - o.RelativeDecay * lr) * w - Math.CopySign(o.AbsoluteDecay * lr, w);
            var updated = decayed - stepSize * FirstMoments[i];
            if (o.ClippingMagnitude != 0) updated = Math.Clamp(updated, -(double)o.ClippingMagnitude, o.ClippingMagnitude);
            weights[i] = updated;
        }
    }
}
