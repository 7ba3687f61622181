namespace TinyNN.Optimizers;

/// <summary>
/// What an optimizer needs to resume training, for checkpoints: the step count, named scalars (learning rates),
/// named per-parameter float arrays (moments, averaged weights) and counters (per-parameter step counts), and the
/// state of a wrapped optimizer. Names follow tcnn's serialize() keys. Arrays are held by reference, not copied.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Creates a state; absent dictionaries are empty.</summary>
    public OptimizerState(string optimizer, long stepCount, IReadOnlyDictionary<string, float>? scalars = null,
        IReadOnlyDictionary<string, float[]>? arrays = null, IReadOnlyDictionary<string, uint[]>? counters = null,
        OptimizerState? nested = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), $"{optimizer} state: step count must be ≥ 0 (got {stepCount})");
        Optimizer = optimizer;
        StepCount = stepCount;
        Scalars = scalars ?? new Dictionary<string, float>();
        Arrays = arrays ?? new Dictionary<string, float[]>();
        Counters = counters ?? new Dictionary<string, uint[]>();
        Nested = nested;
    }

    /// <summary>The optimizer's name (e.g. "Adam"); import checks it.</summary>
    public string Optimizer { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; }

    /// <summary>Named scalars, e.g. "base_learning_rate".</summary>
    public IReadOnlyDictionary<string, float> Scalars { get; }

    /// <summary>Named per-parameter arrays, e.g. "first_moments".</summary>
    public IReadOnlyDictionary<string, float[]> Arrays { get; }

    /// <summary>Named per-parameter counters, e.g. "param_steps".</summary>
    public IReadOnlyDictionary<string, uint[]> Counters { get; }

    /// <summary>The wrapped optimizer's state (ExponentialDecay, EMA), else null.</summary>
    public OptimizerState? Nested { get; }

    /// <summary>The scalar <paramref name="name"/>, which must exist and be finite.</summary>
    internal float Scalar(string name)
    {
        if (!Scalars.TryGetValue(name, out var value)) throw new ArgumentException($"{Optimizer} state has no scalar \"{name}\"");
        if (!float.IsFinite(value)) throw new ArgumentException($"{Optimizer} state: scalar \"{name}\" is {value}, must be finite");
        return value;
    }

    /// <summary>The array <paramref name="name"/>, which must exist with <paramref name="length"/> values.</summary>
    internal float[] Array(string name, long length)
    {
        if (!Arrays.TryGetValue(name, out var values)) throw new ArgumentException($"{Optimizer} state has no array \"{name}\"");
        RequireLength(name, values.Length, length);
        return values;
    }

    /// <summary>The counters <paramref name="name"/>, which must exist with <paramref name="length"/> values.</summary>
    internal uint[] Counter(string name, long length)
    {
        if (!Counters.TryGetValue(name, out var values)) throw new ArgumentException($"{Optimizer} state has no counters \"{name}\"");
        RequireLength(name, values.Length, length);
        return values;
    }

    /// <summary>The nested state, which must exist.</summary>
    internal OptimizerState RequireNested() =>
        Nested ?? throw new ArgumentException($"{Optimizer} state has no nested optimizer state");

    private void RequireLength(string name, int actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{Optimizer} state: \"{name}\" has {actual} values, this optimizer has {expected} parameters");
        }
    }
}
