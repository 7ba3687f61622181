using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's "ExponentialDecay" optimizer [optimizers/exponential_decay.h]: wraps a nested optimizer and multiplies
/// its learning rate by decay_base at steps decay_start, decay_start + decay_interval, ... up to decay_end.
/// </summary>
public sealed record ExponentialDecayOptimizerConfig : OptimizerConfig
{
    private static readonly FloatField DecayBaseField = FloatField.Positive("decay_base");
    private static readonly IntField DecayStartField = IntField.AtLeast("decay_start", 0);
    private static readonly IntField DecayIntervalField = IntField.AtLeast("decay_interval", 1);
    private static readonly IntField DecayEndField = IntField.AtLeast("decay_end", 0);

    /// <summary>A decay schedule (tcnn's defaults: base 0.1, start 10000, interval 10000, end 10000000) around <paramref name="nested"/>.</summary>
    public ExponentialDecayOptimizerConfig(
        OptimizerConfig nested,
        float decayBase = 0.1f,
        int decayStart = 10000,
        int decayInterval = 10000,
        int decayEnd = 10000000)
    {
        ArgumentNullException.ThrowIfNull(nested);
        Nested = nested;
        DecayBase = DecayBaseField.Check(decayBase);
        DecayStart = DecayStartField.Check(decayStart);
        DecayInterval = DecayIntervalField.Check(decayInterval);
        DecayEnd = DecayEndField.Check(decayEnd);
    }

    /// <summary>The optimizer whose learning rate decays ("nested").</summary>
    public OptimizerConfig Nested { get; }

    /// <summary>The factor applied at each decay step ("decay_base").</summary>
    public float DecayBase { get; }

    /// <summary>The first step that decays ("decay_start").</summary>
    public int DecayStart { get; }

    /// <summary>Steps between decays ("decay_interval").</summary>
    public int DecayInterval { get; }

    /// <summary>The last step that may decay ("decay_end").</summary>
    public int DecayEnd { get; }

    internal static ExponentialDecayOptimizerConfig Parse(ConfigObject json)
    {
        var nested = ParseNested(json);
        var decayBase = json.Float(DecayBaseField, 0.1f);
        var decayStart = json.Int(DecayStartField, 10000);
        var decayInterval = json.Int(DecayIntervalField, 10000);
        var decayEnd = json.Int(DecayEndField, 10000000);
        json.RejectUnknown();
        return json.Build(() => new ExponentialDecayOptimizerConfig(nested, decayBase, decayStart, decayInterval, decayEnd));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "ExponentialDecay");
        writer.WriteNumber("decay_base", DecayBase);
        writer.WriteNumber("decay_start", DecayStart);
        writer.WriteNumber("decay_interval", DecayInterval);
        writer.WriteNumber("decay_end", DecayEnd);
        writer.WritePropertyName("nested");
        Nested.Write(writer);
    }
}
