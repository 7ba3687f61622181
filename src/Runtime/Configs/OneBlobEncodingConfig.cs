using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>tcnn's "OneBlob" encoding [encodings/oneblob.h]: a quartic kernel blob over n_bins bins per dimension.</summary>
public sealed record OneBlobEncodingConfig : EncodingConfig
{
    // tcnn's kernel needs a power of two.
    private static readonly IntField NBinsField = new("n_bins", "a power of two ≥ 1", value => value > 0 && (value & (value - 1)) == 0);

    /// <summary>A one-blob encoding (tcnn's default: 16 bins).</summary>
    public OneBlobEncodingConfig(int nBins = 16) => NBins = NBinsField.Check(nBins);

    /// <summary>Bins per input dimension ("n_bins").</summary>
    public int NBins { get; }

    internal static OneBlobEncodingConfig Parse(ConfigObject json)
    {
        var nBins = json.Int(NBinsField, 16);
        json.RejectUnknown();
        return json.Build(() => new OneBlobEncodingConfig(nBins));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "OneBlob");
        writer.WriteNumber("n_bins", NBins);
    }
}
