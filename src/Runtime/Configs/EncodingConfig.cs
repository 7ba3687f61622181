using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// The "encoding" section of a tcnn config [tcnn src/encoding.cu: register_builtin_encodings]: one of the
/// sealed records deriving from this. An absent otype means "OneBlob", as in tcnn.
/// </summary>
public abstract record EncodingConfig
{
    private static readonly ChoiceField<string> OtypeField = new("otype", "encoding",
        [.. new[] { "Identity", "Frequency", "OneBlob", "SphericalHarmonics", "TriangleWave", "Grid", "HashGrid", "DenseGrid", "TiledGrid", "Composite" }
            .Select(name => (name, name))],
        ["Empty", "OneBlobFrequency", "NRC"]);

    private protected EncodingConfig()
    {
    }

    internal static EncodingConfig ParseAny(ConfigObject json)
    {
        var otype = json.Choice(OtypeField, "OneBlob");
        return otype switch
        {
            "Identity" => IdentityEncodingConfig.Parse(json),
            "Frequency" => FrequencyEncodingConfig.Parse(json),
            "OneBlob" => OneBlobEncodingConfig.Parse(json),
            "SphericalHarmonics" => SphericalHarmonicsEncodingConfig.Parse(json),
            "TriangleWave" => TriangleWaveEncodingConfig.Parse(json),
            "Composite" => CompositeEncodingConfig.Parse(json),
            _ => GridEncodingConfig.Parse(json, otype),
        };
    }

    /// <summary>Writes the resolved encoding as a JSON object.</summary>
    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteFields(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes otype and every resolved field into the current JSON object.</summary>
    internal abstract void WriteFields(Utf8JsonWriter writer);
}
