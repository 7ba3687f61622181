using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Optimizers;

/// <summary>tcnn's "SGD" [optimizers/sgd.h]: w ← w − lr·(grad/lossScale + l2_reg·w).</summary>
public sealed class SgdOptimizer : Optimizer
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float, float, float> step;
    private float learningRate;
    private long stepCount;

    /// <summary>Creates the optimizer; <paramref name="learningRate"/> and <paramref name="l2Reg"/> are tcnn's learning_rate and l2_reg.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is negative or not finite.</exception>
    public SgdOptimizer(ComputeDevice device, long parameterCount, float learningRate = 1e-3f, float l2Reg = 1e-8f)
        : base(device, parameterCount)
    {
        Hyperparameter.NonNegative(Name, "learning_rate", learningRate);
        Hyperparameter.NonNegative(Name, "l2_reg", l2Reg);
        this.learningRate = learningRate;
        L2Reg = l2Reg;
        step = device.LoadKernel<ArrayView<float>, ArrayView<float>, float, float, float>(Update);
    }

    /// <summary>L2 regularisation added to the gradient.</summary>
    public float L2Reg { get; }

    /// <inheritdoc/>
    public override string Name => "SGD";

    /// <inheritdoc/>
    public override float LearningRate
    {
        get => learningRate;
        set => learningRate = CheckLearningRate(value);
    }

    /// <inheritdoc/>
    public override long StepCount => stepCount;

    private static void Update(Index1D index, ArrayView<float> parameters, ArrayView<float> gradients, float lossScale, float learningRate, float l2Reg)
    {
        var weight = parameters[index];
        var gradient = gradients[index] / lossScale + l2Reg * weight;
        parameters[index] = weight - learningRate * gradient;
    }

    internal override void StepCore(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale)
    {
        ++stepCount;
        step((int)ParameterCount, parameters, gradient, lossScale, learningRate, L2Reg);
    }

    internal override OptimizerState ExportCore() =>
        new(Name, stepCount, new Dictionary<string, float> { ["learning_rate"] = learningRate });

    internal override void Validate(OptimizerState state)
    {
        base.Validate(state);
        Hyperparameter.NonNegative(Name, "learning_rate", state.Scalar("learning_rate"));
    }

    internal override void Apply(OptimizerState state)
    {
        stepCount = state.StepCount;
        learningRate = state.Scalar("learning_rate");
    }

    private protected override void Release()
    {
    }
}
