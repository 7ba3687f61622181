using System.Globalization;

namespace TinyNN.Configs;

/// <summary>
/// An integer config field, described once: its JSON name, what it accepts in words and the check. The parser's
/// type errors and the records' range checks both use it, so every message about the field reads alike.
/// </summary>
internal sealed class IntField(string name, string expected, Func<int, bool> isValid)
{
    /// <summary>The JSON name, e.g. "n_neurons".</summary>
    public string Name => name;

    /// <summary>What is accepted, e.g. "an integer ≥ 1".</summary>
    public string Expected => expected;

    /// <summary>A field accepting integers from <paramref name="min"/> up.</summary>
    public static IntField AtLeast(string name, int min) =>
        new(name, $"an integer ≥ {min}", value => value >= min);

    /// <summary>A field accepting <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static IntField Between(string name, int min, int max) =>
        new(name, $"an integer in {min}..{max}", value => value >= min && value <= max);

    /// <summary>Returns <paramref name="value"/> if accepted; else a <see cref="ConfigException"/> at this field.</summary>
    public int Check(int value) =>
        isValid(value) ? value : throw new ConfigException(name, $"expected {expected}, got {value.ToString(CultureInfo.InvariantCulture)}");
}
