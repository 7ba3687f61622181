using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Losses;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>Losses and optimizers from the "loss" and "optimizer" objects of a tcnn config (tcnn's defaults when absent).</summary>
public static class TrainingFactory
{
    /// <summary>The loss a config names; <paramref name="fallback"/> when it names none.</summary>
    public static Loss CreateLoss(ComputeDevice device, LossConfig? config, string fallback)
    {
        if (config is null) return Loss.Create(device, fallback);
        return config.Kind == LossKind.Huber
            ? new HuberLoss(device, config.Delta)
            : Loss.Create(device, config.Kind.ToString());
    }

    /// <summary>
    /// The optimizer a config describes for <paramref name="parameterCount"/> parameters, of which the first
    /// <paramref name="matrixParameterCount"/> are weight matrices (tcnn treats the rest, e.g. a hash grid, as non-matrix).
    /// </summary>
    public static Optimizer CreateOptimizer(ComputeDevice device, OptimizerConfig? config, long parameterCount, long matrixParameterCount) =>
        (config ?? new AdamOptimizerConfig()) switch
        {
            AdamOptimizerConfig c => new AdamOptimizer(device, parameterCount, new AdamOptions
            {
                LearningRate = c.LearningRate, Beta1 = c.Beta1, Beta2 = c.Beta2, Epsilon = c.Epsilon, L2Reg = c.L2Reg,
                RelativeDecay = c.RelativeDecay, AbsoluteDecay = c.AbsoluteDecay, AdaBound = c.Adabound,
                ClippingMagnitude = c.ClippingMagnitude, GradientClippingMagnitude = c.GradientClippingMagnitude,
                NonMatrixLearningRateFactor = c.NonMatrixLearningRateFactor, NonMatrixL2Reg = c.NonMatrixL2Reg,
                OptimizeMatrixParams = c.OptimizeMatrixParams, OptimizeNonMatrixParams = c.OptimizeNonMatrixParams,
                SkipZeroGradNonMatrixParams = c.SkipZeroGradNonMatrixParams,
            }, matrixParameterCount),
            SgdOptimizerConfig c => new SgdOptimizer(device, parameterCount, c.LearningRate, c.L2Reg),
            ExponentialDecayOptimizerConfig c => new ExponentialDecayOptimizer(CreateOptimizer(device, c.Nested, parameterCount, matrixParameterCount),
                c.DecayBase, c.DecayStart, c.DecayInterval, c.DecayEnd),
            EmaOptimizerConfig c => new EmaOptimizer(CreateOptimizer(device, c.Nested, parameterCount, matrixParameterCount), c.Decay),
            var other => throw new ConfigException("optimizer.otype", $"{other.GetType().Name} is not supported by TinyNN's trainer"),
        };
}
