using System.Text.Json;

using TinyNN.Encodings;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's multiresolution grid encodings [encodings/grid.h: create_grid_encoding]: otype "Grid" with a "type", or
/// "HashGrid", "DenseGrid", "TiledGrid". The hash is always tcnn's default, CoherentPrime; tcnn's other hashes,
/// stochastic interpolation and fixed-point positions are rejected with a message saying so.
/// </summary>
public sealed record GridEncodingConfig : EncodingConfig
{
    private static readonly ChoiceField<GridType> TypeField = new("type", "grid type",
        [("Hash", GridType.Hash), ("Dense", GridType.Dense), ("Tiled", GridType.Tiled), ("Tile", GridType.Tiled)]);

    private static readonly ChoiceField<GridInterpolation> InterpolationField = new("interpolation", "interpolation",
        [("Nearest", GridInterpolation.Nearest), ("Linear", GridInterpolation.Linear), ("Smoothstep", GridInterpolation.Smoothstep)]);

    private const string CoherentPrime = "CoherentPrime";

    private static readonly ChoiceField<string> HashField = new("hash", "hash",
        [(CoherentPrime, CoherentPrime)], ["Prime", "ReversedPrime", "Rng", "BaseConvert"]);

    // tcnn's MAX_N_LEVELS [encodings/multi_level_interface.h].
    private static readonly IntField NLevelsField = IntField.Between("n_levels", 1, 128);
    private static readonly IntField NFeaturesPerLevelField = new("n_features_per_level", "1, 2, 4 or 8", value => value is 1 or 2 or 4 or 8);
    private static readonly IntField Log2HashmapSizeField = IntField.Between("log2_hashmap_size", 1, 31);
    private static readonly IntField BaseResolutionField = IntField.AtLeast("base_resolution", 1);
    private static readonly FloatField PerLevelScaleField = FloatField.Positive("per_level_scale");

    // tcnn's alternative to n_levels: the total feature count, n_levels · n_features_per_level.
    private static readonly IntField NFeaturesField = IntField.AtLeast("n_features", 1);
    private static readonly IntField NGridFeaturesField = IntField.AtLeast("n_grid_features", 1);

    /// <summary>
    /// A grid (tcnn's defaults: Hash, 16 levels, 2 features a level, 2^19 entries, base resolution 16, Linear).
    /// <paramref name="perLevelScale"/> null gives tcnn's default: 2, or for Dense the scale that reaches
    /// resolution 256 at the last level, exp(ln(256 / base_resolution) / (n_levels − 1)), and 1 for a single level
    /// (tcnn's formula divides by zero there).
    /// </summary>
    public GridEncodingConfig(
        GridType type = GridType.Hash,
        int nLevels = 16,
        int nFeaturesPerLevel = 2,
        int log2HashmapSize = 19,
        int baseResolution = 16,
        float? perLevelScale = null,
        GridInterpolation interpolation = GridInterpolation.Linear)
    {
        if (!Enum.IsDefined(type)) throw new ConfigException("type", $"unknown grid type {(int)type}");
        if (!Enum.IsDefined(interpolation)) throw new ConfigException("interpolation", $"unknown interpolation {(int)interpolation}");
        Type = type;
        NLevels = NLevelsField.Check(nLevels);
        NFeaturesPerLevel = NFeaturesPerLevelField.Check(nFeaturesPerLevel);
        Log2HashmapSize = Log2HashmapSizeField.Check(log2HashmapSize);
        BaseResolution = BaseResolutionField.Check(baseResolution);
        PerLevelScale = PerLevelScaleField.Check(perLevelScale ?? DefaultPerLevelScale(type, nLevels, baseResolution));
        Interpolation = interpolation;
    }

    /// <summary>The storage of each level ("type").</summary>
    public GridType Type { get; }

    /// <summary>The number of resolutions ("n_levels").</summary>
    public int NLevels { get; }

    /// <summary>Features stored per entry, 1, 2, 4 or 8 ("n_features_per_level").</summary>
    public int NFeaturesPerLevel { get; }

    /// <summary>log2 of the hash table size of each level ("log2_hashmap_size"; used by Hash).</summary>
    public int Log2HashmapSize { get; }

    /// <summary>The resolution of the coarsest level ("base_resolution").</summary>
    public int BaseResolution { get; }

    /// <summary>The factor between the resolutions of consecutive levels ("per_level_scale"), resolved.</summary>
    public float PerLevelScale { get; }

    /// <summary>How vertices are blended ("interpolation").</summary>
    public GridInterpolation Interpolation { get; }

    /// <summary>The encoding's output width: n_levels · n_features_per_level.</summary>
    public int NFeatures => NLevels * NFeaturesPerLevel;

    /// <summary>tcnn's default per_level_scale, computed in float32 as tcnn does (arguments already checked).</summary>
    private static float DefaultPerLevelScale(GridType type, int nLevels, int baseResolution)
    {
        if (type != GridType.Dense) return 2f;
        return nLevels > 1 ? MathF.Exp(MathF.Log(256f / baseResolution) / (nLevels - 1)) : 1f;
    }

    internal static GridEncodingConfig Parse(ConfigObject json, string otype)
    {
        var defaultType = otype switch
        {
            "DenseGrid" => GridType.Dense,
            "TiledGrid" => GridType.Tiled,
            _ => GridType.Hash,
        };
        var type = json.Choice(TypeField, defaultType);
        var nLevels = json.OptionalInt(NLevelsField);
        var nFeaturesPerLevel = json.Int(NFeaturesPerLevelField, 2);
        var log2HashmapSize = json.Int(Log2HashmapSizeField, 19);
        var baseResolution = json.Int(BaseResolutionField, 16);
        var perLevelScale = json.OptionalFloat(PerLevelScaleField);
        var interpolation = json.Choice(InterpolationField, GridInterpolation.Linear);
        json.Choice(HashField, CoherentPrime);
        var nFeatures = json.OptionalInt(NFeaturesField);
        var nGridFeatures = json.OptionalInt(NGridFeaturesField);
        RejectTrue(json, "stochastic_interpolation");
        RejectTrue(json, "fixed_point_pos");
        json.RejectUnknown();

        if (nFeatures is not null && nGridFeatures is not null)
        {
            throw json.Error("n_grid_features", "give either n_features or n_grid_features, not both");
        }
        var (totalName, total) = nFeatures is not null ? ("n_features", nFeatures) : ("n_grid_features", nGridFeatures);
        if (total is { } features)
        {
            if (nLevels is not null) throw json.Error("n_levels", $"give either n_levels or {totalName} (one determines the other), not both");
            var perLevel = json.Build(() => NFeaturesPerLevelField.Check(nFeaturesPerLevel));
            if (features % perLevel != 0)
            {
                throw json.Error(totalName, $"expected a multiple of n_features_per_level ({perLevel}), got {features}");
            }
            nLevels = features / perLevel;
        }
        return json.Build(() => new GridEncodingConfig(type, nLevels ?? 16, nFeaturesPerLevel, log2HashmapSize, baseResolution, perLevelScale, interpolation));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "Grid");
        writer.WriteString("type", TypeField.NameOf(Type));
        writer.WriteNumber("n_levels", NLevels);
        writer.WriteNumber("n_features_per_level", NFeaturesPerLevel);
        writer.WriteNumber("log2_hashmap_size", Log2HashmapSize);
        writer.WriteNumber("base_resolution", BaseResolution);
        writer.WriteNumber("per_level_scale", PerLevelScale);
        writer.WriteString("interpolation", InterpolationField.NameOf(Interpolation));
        writer.WriteString("hash", CoherentPrime);
    }

    /// <summary>tcnn options TinyNN does not implement: accepted only at their default, false.</summary>
    private static void RejectTrue(ConfigObject json, string field)
    {
        if (json.Bool(field, false)) throw json.Error(field, "true is not implemented in TinyNN; accepted: false");
    }
}
