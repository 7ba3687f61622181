using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Optimizers;

/// <summary>
/// tcnn's "Adam" [optimizers/adam.h], AdaBound and decoupled decay included. Per parameter:
/// g = grad/lossScale + l2·w (optionally clipped); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) with t the parameter's own step count; w ← decay(w) − clamp(lr_t/(√v+ε))·m.
/// </summary>
public sealed class AdamOptimizer : Optimizer
{
    private readonly Action<Index1D, AdamArguments> step;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> firstMoments, secondMoments, decayPowers;
    private readonly MemoryBuffer1D<uint, Stride1D.Dense> parameterSteps;
    private float learningRate;
    private long stepCount;

    /// <summary>
    /// Creates the optimizer with zero moments. The first <paramref name="matrixParameterCount"/> parameters are matrix
    /// weights (tcnn: the network's layers, which come first), the rest non-matrix (e.g. an encoding's); null means all
    /// are matrix weights, as for a bare network.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or hyperparameter out of range.</exception>
    public AdamOptimizer(ComputeDevice device, long parameterCount, AdamOptions? options = null, long? matrixParameterCount = null)
        : base(device, parameterCount)
    {
        Options = options ?? new AdamOptions();
        Options.Validate();
        var matrix = matrixParameterCount ?? parameterCount;
        if (matrix < 0 || matrix > parameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(matrixParameterCount), $"Adam: matrix parameter count must be 0..{parameterCount} (got {matrix})");
        }
        MatrixParameterCount = matrix;
        learningRate = Options.LearningRate;
        step = device.LoadKernel<AdamArguments>(AdamKernels.Step);
        firstMoments = device.Accelerator.Allocate1D<float>(parameterCount);
        secondMoments = device.Accelerator.Allocate1D<float>(parameterCount);
        parameterSteps = device.Accelerator.Allocate1D<uint>(parameterCount);
        decayPowers = device.Accelerator.Allocate1D(DecayPowers(Options.Beta1, Options.Beta2));
        firstMoments.MemSetToZero();
        secondMoments.MemSetToZero();
        parameterSteps.MemSetToZero();
    }

    /// <summary>The hyperparameters (the learning rate may since have changed: see <see cref="LearningRate"/>).</summary>
    public AdamOptions Options { get; }

    /// <summary>Parameters [0, this) are matrix weights, the rest non-matrix.</summary>
    public long MatrixParameterCount { get; }

    /// <inheritdoc/>
    public override string Name => "Adam";

    /// <inheritdoc/>
    public override float LearningRate
    {
        get => learningRate;
        set => learningRate = CheckLearningRate(value);
    }

    /// <inheritdoc/>
    public override long StepCount => stepCount;

    internal override void StepCore(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale)
    {
        ++stepCount;
        var lower = 0f;
        var upper = float.MaxValue;
        if (Options.AdaBound)
        {
            // AdaBound (Luo et al. 2019) bounds from the global step, in float as tcnn computes them.
            var decayedSteps = (1f - Options.Beta2) * stepCount;
            lower = 0.1f - 0.1f / (decayedSteps + 1f);
            upper = 0.1f + 0.1f / decayedSteps;
        }
        step((int)ParameterCount, new AdamArguments
        {
            Parameters = parameters,
            Gradients = gradient,
            FirstMoments = firstMoments.View,
            SecondMoments = secondMoments.View,
            ParameterSteps = parameterSteps.View,
            DecayPowers = decayPowers.View,
            MatrixParameters = (int)MatrixParameterCount,
            LossScale = lossScale,
            LearningRate = learningRate,
            NonMatrixLearningRateFactor = Options.NonMatrixLearningRateFactor,
            Beta1 = Options.Beta1,
            Beta2 = Options.Beta2,
            Epsilon = Options.Epsilon,
            LowerBound = lower,
            UpperBound = upper,
            L2Reg = Options.L2Reg,
            NonMatrixL2Reg = Options.NonMatrixL2Reg,
            RelativeDecay = Options.RelativeDecay,
            AbsoluteDecay = Options.AbsoluteDecay,
            ClippingMagnitude = Options.ClippingMagnitude,
            GradientClippingMagnitude = Options.GradientClippingMagnitude,
            OptimizeMatrix = Options.OptimizeMatrixParams ? 1 : 0,
            OptimizeNonMatrix = Options.OptimizeNonMatrixParams ? 1 : 0,
            SkipZeroGradNonMatrix = Options.SkipZeroGradNonMatrixParams ? 1 : 0,
        });
    }

    /// <summary>β^(2ᵏ) for k = 0..31 of β₁, then of β₂, from float64 (the kernel multiplies them into βᵗ).</summary>
    private static float[] DecayPowers(float beta1, float beta2) =>
        [.. Enumerable.Range(0, 32).Select(k => (float)Math.Pow(beta1, Math.Pow(2, k))),
         .. Enumerable.Range(0, 32).Select(k => (float)Math.Pow(beta2, Math.Pow(2, k)))];

    internal override OptimizerState ExportCore() => new(Name, stepCount,
        new Dictionary<string, float> { ["base_learning_rate"] = learningRate },
        new Dictionary<string, float[]>
        {
            ["first_moments"] = firstMoments.GetAsArray1D(),
            ["second_moments"] = secondMoments.GetAsArray1D(),
        },
        new Dictionary<string, uint[]> { ["param_steps"] = parameterSteps.GetAsArray1D() });

    internal override void Validate(OptimizerState state)
    {
        base.Validate(state);
        Hyperparameter.NonNegative(Name, "base_learning_rate", state.Scalar("base_learning_rate"));
        state.Array("first_moments", ParameterCount);
        state.Array("second_moments", ParameterCount);
        state.Counter("param_steps", ParameterCount);
    }

    internal override void Apply(OptimizerState state)
    {
        stepCount = state.StepCount;
        learningRate = state.Scalar("base_learning_rate");
        firstMoments.CopyFromCPU(state.Array("first_moments", ParameterCount));
        secondMoments.CopyFromCPU(state.Array("second_moments", ParameterCount));
        parameterSteps.CopyFromCPU(state.Counter("param_steps", ParameterCount));
    }

    private protected override void Release()
    {
        firstMoments.Dispose();
        secondMoments.Dispose();
        parameterSteps.Dispose();
        decayPowers.Dispose();
    }
}
