using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>tcnn's "TriangleWave" encoding [encodings/triangle_wave.h]: a triangle wave per frequency, no cosine.</summary>
public sealed record TriangleWaveEncodingConfig : EncodingConfig
{
    private static readonly IntField NFrequenciesField = IntField.AtLeast("n_frequencies", 1);

    /// <summary>A triangle-wave encoding (tcnn's default: 12 frequencies).</summary>
    public TriangleWaveEncodingConfig(int nFrequencies = 12) => NFrequencies = NFrequenciesField.Check(nFrequencies);

    /// <summary>Frequencies per input dimension ("n_frequencies").</summary>
    public int NFrequencies { get; }

    internal static TriangleWaveEncodingConfig Parse(ConfigObject json)
    {
        var nFrequencies = json.Int(NFrequenciesField, 12);
        json.RejectUnknown();
        return json.Build(() => new TriangleWaveEncodingConfig(nFrequencies));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "TriangleWave");
        writer.WriteNumber("n_frequencies", NFrequencies);
    }
}
