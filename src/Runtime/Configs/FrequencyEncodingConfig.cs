using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>tcnn's "Frequency" encoding [encodings/frequency.h]: sin and cos of 2^f·π·x for f &lt; n_frequencies.</summary>
public sealed record FrequencyEncodingConfig : EncodingConfig
{
    private static readonly IntField NFrequenciesField = IntField.AtLeast("n_frequencies", 1);

    /// <summary>A frequency encoding (tcnn's default: 12 frequencies).</summary>
    public FrequencyEncodingConfig(int nFrequencies = 12) => NFrequencies = NFrequenciesField.Check(nFrequencies);

    /// <summary>Frequencies per input dimension, each giving a sin and a cos ("n_frequencies").</summary>
    public int NFrequencies { get; }

    internal static FrequencyEncodingConfig Parse(ConfigObject json)
    {
        var nFrequencies = json.Int(NFrequenciesField, 12);
        json.RejectUnknown();
        return json.Build(() => new FrequencyEncodingConfig(nFrequencies));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "Frequency");
        writer.WriteNumber("n_frequencies", NFrequencies);
    }
}
