using System.Globalization;

namespace TinyNN.Configs;

/// <summary>
/// A float config field (tcnn stores its real-valued hyperparameters as float32), described once: its JSON
/// name, what it accepts in words and the check, shared by the parser and the records.
/// </summary>
internal sealed class FloatField(string name, string expected, Func<float, bool> isValid)
{
    /// <summary>The JSON name, e.g. "learning_rate".</summary>
    public string Name => name;

    /// <summary>What is accepted, e.g. "a finite number ≥ 0".</summary>
    public string Expected => expected;

    /// <summary>Any finite value.</summary>
    public static FloatField Finite(string name) => new(name, "a finite number", float.IsFinite);

    /// <summary>Finite and ≥ 0.</summary>
    public static FloatField NonNegative(string name) => new(name, "a finite number ≥ 0", value => float.IsFinite(value) && value >= 0f);

    /// <summary>Finite and &gt; 0.</summary>
    public static FloatField Positive(string name) => new(name, "a finite number > 0", value => float.IsFinite(value) && value > 0f);

    /// <summary>In [0, 1): a decay or momentum factor.</summary>
    public static FloatField Fraction(string name) => new(name, "a number in [0, 1)", value => value is >= 0f and < 1f);

    /// <summary>Returns <paramref name="value"/> if accepted; else a <see cref="ConfigException"/> at this field.</summary>
    public float Check(float value) =>
        isValid(value) ? value : throw new ConfigException(name, $"expected {expected}, got {value.ToString("R", CultureInfo.InvariantCulture)}");
}
