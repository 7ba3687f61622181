using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>tcnn's "Identity" encoding [encodings/identity.h]: y = x·scale + offset, per dimension.</summary>
public sealed record IdentityEncodingConfig : EncodingConfig
{
    private static readonly FloatField ScaleField = FloatField.Finite("scale");
    private static readonly FloatField OffsetField = FloatField.Finite("offset");

    /// <summary>An identity encoding (tcnn's defaults: scale 1, offset 0).</summary>
    public IdentityEncodingConfig(float scale = 1f, float offset = 0f)
    {
        Scale = ScaleField.Check(scale);
        Offset = OffsetField.Check(offset);
    }

    /// <summary>Multiplies each dimension ("scale").</summary>
    public float Scale { get; }

    /// <summary>Added to each dimension after scaling ("offset").</summary>
    public float Offset { get; }

    internal static IdentityEncodingConfig Parse(ConfigObject json)
    {
        var scale = json.Float(ScaleField, 1f);
        var offset = json.Float(OffsetField, 0f);
        json.RejectUnknown();
        return json.Build(() => new IdentityEncodingConfig(scale, offset));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "Identity");
        writer.WriteNumber("scale", Scale);
        writer.WriteNumber("offset", Offset);
    }
}
