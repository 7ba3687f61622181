using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// The "optimizer" section of a tcnn config [tcnn src/optimizer.cu: create_optimizer]: one of the sealed records
/// deriving from this. An absent otype means "Adam", as in tcnn.
/// </summary>
public abstract record OptimizerConfig
{
    private enum Otype
    {
        Adam,
        Sgd,
        ExponentialDecay,
        Ema,
    }

    private static readonly ChoiceField<Otype> OtypeField = new("otype", "optimizer",
        [("Adam", Otype.Adam), ("SGD", Otype.Sgd), ("ExponentialDecay", Otype.ExponentialDecay), ("EMA", Otype.Ema)],
        ["Average", "Batched", "Composite", "Lookahead", "Novograd", "Shampoo"]);

    private protected OptimizerConfig()
    {
    }

    internal static OptimizerConfig ParseAny(ConfigObject json) => json.Choice(OtypeField, Otype.Adam) switch
    {
        Otype.Adam => AdamOptimizerConfig.Parse(json),
        Otype.Sgd => SgdOptimizerConfig.Parse(json),
        Otype.ExponentialDecay => ExponentialDecayOptimizerConfig.Parse(json),
        _ => EmaOptimizerConfig.Parse(json),
    };

    /// <summary>The "nested" optimizer of a wrapping one; absent means Adam with its defaults, as in tcnn.</summary>
    internal static OptimizerConfig ParseNested(ConfigObject json) =>
        json.Object("nested") is { } nested ? ParseAny(nested) : new AdamOptimizerConfig();

    /// <summary>Writes the resolved optimizer as a JSON object.</summary>
    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes otype and every resolved field into the current JSON object.</summary>
    internal abstract void WriteFields(Utf8JsonWriter writer);
}
