using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's "SphericalHarmonics" encoding [encodings/spherical_harmonics.h]: degree² outputs for a 3D direction
/// mapped into the unit cube as (v + 1) / 2.
/// </summary>
public sealed record SphericalHarmonicsEncodingConfig : EncodingConfig
{
    private static readonly IntField DegreeField = IntField.Between("degree", 1, 8);

    /// <summary>A spherical-harmonics encoding (tcnn's default: degree 4).</summary>
    public SphericalHarmonicsEncodingConfig(int degree = 4) => Degree = DegreeField.Check(degree);

    /// <summary>The number of SH bands, 1..8 as tcnn implements ("degree").</summary>
    public int Degree { get; }

    internal static SphericalHarmonicsEncodingConfig Parse(ConfigObject json)
    {
        var degree = json.Int(DegreeField, 4);
        json.RejectUnknown();
        return json.Build(() => new SphericalHarmonicsEncodingConfig(degree));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "SphericalHarmonics");
        writer.WriteNumber("degree", Degree);
    }
}
