using ILGPU;

namespace TinyNN.Optimizers;

/// <summary>
/// tcnn's "ExponentialDecay" [optimizers/exponential_decay.h]: wraps an optimizer and multiplies its learning rate by
/// decay_base at every step index s (the steps taken before this one, 0-based) with s ≥ decay_start,
/// (s − decay_start) divisible by decay_interval and s ≤ decay_end; so the step with index decay_start is the first
/// to run at base·decay_base. It owns (and disposes) the wrapped optimizer.
/// </summary>
public sealed class ExponentialDecayOptimizer : Optimizer
{
    private float baseLearningRate;
    private float learningRateFactor = 1f;

    /// <summary>Wraps <paramref name="nested"/>, whose current learning rate becomes the base rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">decay_base not finite and &gt; 0, decay_interval &lt; 1, or a negative start or end.</exception>
    public ExponentialDecayOptimizer(Optimizer nested, float decayBase = 0.1f, long decayStart = 10000, long decayInterval = 10000,
        long decayEnd = 10000000)
        : base((nested ?? throw new ArgumentNullException(nameof(nested))).Device, nested.ParameterCount)
    {
        Hyperparameter.Positive(Name, "decay_base", decayBase);
        if (decayStart < 0) throw new ArgumentOutOfRangeException(nameof(decayStart), $"{Name}: decay_start must be ≥ 0 (got {decayStart})");
        if (decayInterval < 1) throw new ArgumentOutOfRangeException(nameof(decayInterval), $"{Name}: decay_interval must be ≥ 1 (got {decayInterval})");
        if (decayEnd < 0) throw new ArgumentOutOfRangeException(nameof(decayEnd), $"{Name}: decay_end must be ≥ 0 (got {decayEnd})");
        Nested = nested;
        DecayBase = decayBase;
        DecayStart = decayStart;
        DecayInterval = decayInterval;
        DecayEnd = decayEnd;
        baseLearningRate = nested.LearningRate;
    }

    /// <summary>The wrapped optimizer.</summary>
    public Optimizer Nested { get; }

    /// <summary>[decay_base] The factor applied at each decay step.</summary>
    public float DecayBase { get; }

    /// <summary>[decay_start] The step index of the first decay.</summary>
    public long DecayStart { get; }

    /// <summary>[decay_interval] Steps between decays.</summary>
    public long DecayInterval { get; }

    /// <summary>[decay_end] The last step index that may decay.</summary>
    public long DecayEnd { get; }

    /// <inheritdoc/>
    public override string Name => "ExponentialDecay";

    /// <summary>The decayed rate, base · factor; setting it rescales the base so the current factor is kept (as tcnn).</summary>
    public override float LearningRate
    {
        get => baseLearningRate * learningRateFactor;
        set
        {
            baseLearningRate = CheckLearningRate(value) / learningRateFactor;
            Nested.LearningRate = baseLearningRate * learningRateFactor;
        }
    }

    /// <inheritdoc/>
    public override long StepCount => Nested.StepCount;

    internal override void StepCore(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale)
    {
        var index = Nested.StepCount;
        if (index == 0) learningRateFactor = 1f;
        if (index >= DecayStart && (index - DecayStart) % DecayInterval == 0 && index <= DecayEnd) learningRateFactor *= DecayBase;
        Nested.LearningRate = baseLearningRate * learningRateFactor;
        Nested.StepCore(parameters, gradient, lossScale);
    }

    internal override OptimizerState ExportCore() => new(Name, StepCount,
        new Dictionary<string, float> { ["learning_rate"] = baseLearningRate, ["learning_rate_factor"] = learningRateFactor },
        nested: Nested.ExportCore());

    internal override void Validate(OptimizerState state)
    {
        base.Validate(state);
        Hyperparameter.NonNegative(Name, "learning_rate", state.Scalar("learning_rate"));
        Hyperparameter.Positive(Name, "learning_rate_factor", state.Scalar("learning_rate_factor"));
        Nested.Validate(state.RequireNested());
    }

    internal override void Apply(OptimizerState state)
    {
        baseLearningRate = state.Scalar("learning_rate");
        learningRateFactor = state.Scalar("learning_rate_factor");
        Nested.Apply(state.RequireNested());
    }

    private protected override void Release() => Nested.Dispose();
}
