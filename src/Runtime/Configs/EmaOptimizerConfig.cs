using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's "EMA" optimizer [optimizers/ema.h]: wraps a nested optimizer and keeps an exponential moving average of
/// the parameters for inference (training continues on the raw parameters).
/// </summary>
public sealed record EmaOptimizerConfig : OptimizerConfig
{
    private static readonly FloatField DecayField = FloatField.Fraction("decay");

    /// <summary>An EMA (tcnn's defaults: decay 0.99, full_precision false) around <paramref name="nested"/>.</summary>
    public EmaOptimizerConfig(OptimizerConfig nested, float decay = 0.99f, bool fullPrecision = false)
    {
        ArgumentNullException.ThrowIfNull(nested);
        Nested = nested;
        Decay = DecayField.Check(decay);
        FullPrecision = fullPrecision;
    }

    /// <summary>The optimizer that trains ("nested").</summary>
    public OptimizerConfig Nested { get; }

    /// <summary>The average's decay per step ("decay").</summary>
    public float Decay { get; }

    /// <summary>Whether tcnn keeps the average in float32 even for half-precision parameters ("full_precision").</summary>
    public bool FullPrecision { get; }

    internal static EmaOptimizerConfig Parse(ConfigObject json)
    {
        var nested = ParseNested(json);
        var decay = json.Float(DecayField, 0.99f);
        var fullPrecision = json.Bool("full_precision", false);
        json.RejectUnknown();
        return json.Build(() => new EmaOptimizerConfig(nested, decay, fullPrecision));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "EMA");
        writer.WriteNumber("decay", Decay);
        writer.WriteBoolean("full_precision", FullPrecision);
        writer.WritePropertyName("nested");
        Nested.Write(writer);
    }
}
