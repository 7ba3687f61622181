using System.Globalization;
using System.Text;

namespace TinyNN.Encodings;

/// <summary>
/// The levels of a grid encoding and where each sits in the flat parameter vector, computed as tcnn's
/// GridEncodingTemplated constructor does (host math in float32): level l has scale
/// exp2(l·log2(per_level_scale))·base_resolution − 1 and resolution ceil(scale) + 1; its table holds resolution^D
/// entries (capped at 2³¹ − 1), rounded up to a multiple of 8, then capped at base_resolution^D (Tiled) or
/// 2^log2_hashmap_size (Hash). Parameters are level-major, then entry, then feature: params[(offset_l + entry)·F + f].
/// </summary>
public sealed class GridLayout
{
    /// <summary>Most levels tcnn supports (its MAX_N_LEVELS).</summary>
    public const int MaxLevels = 128;

    /// <summary>Largest level scale accepted: positions are float32, and vertex coordinates must stay in int range.</summary>
    public const float MaxScale = 1 << 30;

    private const long MaxLevelEntries = int.MaxValue;

    /// <summary>Creates and validates a layout; every argument is checked, with the accepted values in the message.</summary>
    public GridLayout(int inputWidth, GridType type, int levels, int featuresPerLevel, int log2HashmapSize, int baseResolution, float perLevelScale)
    {
        if (inputWidth is < 2 or > 4) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"grid encoding input width must be 2, 3 or 4 (got {inputWidth})");
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), $"grid type must be Hash, Dense or Tiled (got {(int)type})");
        if (levels is < 1 or > MaxLevels) throw new ArgumentOutOfRangeException(nameof(levels), $"grid n_levels must be 1..{MaxLevels} (got {levels})");
        if (featuresPerLevel is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(featuresPerLevel), $"grid n_features_per_level must be 1, 2, 4 or 8 (got {featuresPerLevel})");
        }
        if (type == GridType.Hash && log2HashmapSize is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(log2HashmapSize), $"hash grid log2_hashmap_size must be 1..31 (got {log2HashmapSize})");
        }
        if (baseResolution < 1) throw new ArgumentOutOfRangeException(nameof(baseResolution), $"grid base_resolution must be ≥ 1 (got {baseResolution})");
        if (!float.IsFinite(perLevelScale) || perLevelScale <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(perLevelScale), $"grid per_level_scale must be a positive finite number (got {perLevelScale})");
        }
        InputWidth = inputWidth;
        Type = type;
        FeaturesPerLevel = featuresPerLevel;
        Log2HashmapSize = log2HashmapSize;
        BaseResolution = baseResolution;
        PerLevelScale = perLevelScale;
        Levels = CreateLevels(levels);
        var last = Levels[^1];
        Entries = last.Offset + last.TableSize;
    }

    /// <summary>Position dimensions D (2, 3 or 4).</summary>
    public int InputWidth { get; }

    /// <summary>Dense, hashed or tiled storage.</summary>
    public GridType Type { get; }

    /// <summary>Features F per level (1, 2, 4 or 8).</summary>
    public int FeaturesPerLevel { get; }

    /// <summary>log2 of the hash table entries per level (Hash grids only; ignored by Dense and Tiled).</summary>
    public int Log2HashmapSize { get; }

    /// <summary>Vertices per axis of the coarsest level.</summary>
    public int BaseResolution { get; }

    /// <summary>Growth of the scale from one level to the next.</summary>
    public float PerLevelScale { get; }

    /// <summary>The levels, coarsest first.</summary>
    public IReadOnlyList<GridLevel> Levels { get; }

    /// <summary>Encoded values per sample: levels · F.</summary>
    public int OutputWidth => Levels.Count * FeaturesPerLevel;

    /// <summary>Table entries of all levels together (tcnn's last offset).</summary>
    public long Entries { get; }

    /// <summary>Length of the flat parameter vector: entries · F.</summary>
    public long ParameterCount => Entries * FeaturesPerLevel;

    /// <summary>
    /// tcnn's default per_level_scale: 2 for Hash and Tiled grids; for Dense grids the scale that takes
    /// base_resolution to 256 in n_levels − 1 steps, exp(ln(256/base_resolution)/(n_levels − 1)) in float32
    /// (1 for a single level, where tcnn would divide by zero and the scale is never used).
    /// </summary>
    public static float DefaultPerLevelScale(GridType type, int baseResolution, int levels)
    {
        if (baseResolution < 1) throw new ArgumentOutOfRangeException(nameof(baseResolution), $"grid base_resolution must be ≥ 1 (got {baseResolution})");
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), $"grid n_levels must be ≥ 1 (got {levels})");
        if (type != GridType.Dense) return 2f;
        return levels == 1 ? 1f : MathF.Exp(MathF.Log(256f / baseResolution) / (levels - 1));
    }

    /// <summary>One line per level (scale, resolution, entries, offset, dense or hashed), for logs and docs.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Type} grid, D = {InputWidth}, F = {FeaturesPerLevel}, {Levels.Count} levels, {ParameterCount} parameters");
        text.AppendLine("level      scale  resolution     entries      offset  indexing");
        foreach (var level in Levels)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{level.Index,5} {level.Scale,10:0.###} {level.Resolution,11} {level.TableSize,11} {level.Offset,11}  {(level.Hashed ? "hashed" : "dense")}");
        }
        return text.ToString();
    }

    private List<GridLevel> CreateLevels(int count)
    {
        var levels = new List<GridLevel>(count);
        var log2Scale = MathF.Log2(PerLevelScale);
        long offset = 0;
        for (var l = 0; l < count; l++)
        {
            var scale = float.Exp2(l * log2Scale) * BaseResolution - 1f;
            if (!(scale >= 0f && scale <= MaxScale))
            {
                throw new ArgumentOutOfRangeException("perLevelScale",
                    $"grid level {l}: scale {scale} (base_resolution {BaseResolution}, per_level_scale {PerLevelScale}) is outside 0..2^30; use fewer levels or a smaller per_level_scale");
            }
            var resolution = (long)MathF.Ceiling(scale) + 1;
            var denseEntries = CappedPower(resolution, InputWidth);
            var entries = (Math.Min(denseEntries, MaxLevelEntries) + 7) / 8 * 8;
            var withinIndexRange = resolution <= MaxDenseResolution(InputWidth);
            var hashed = false;
            switch (Type)
            {
                case GridType.Hash:
                    entries = Math.Min(entries, 1L << Log2HashmapSize);
                    hashed = !withinIndexRange || entries < denseEntries;
                    break;
                case GridType.Tiled:
                    entries = Math.Min(entries, CappedPower(BaseResolution, InputWidth));
                    break;
            }
            if (Type != GridType.Hash && !withinIndexRange)
            {
                throw new ArgumentOutOfRangeException("perLevelScale",
                    $"{Type} grid level {l}: resolution {resolution} exceeds {MaxDenseResolution(InputWidth)}, the largest whose {InputWidth}-D vertex index fits 32 bits " +
                    "(tcnn would send every vertex to entry 0); use a Hash grid or fewer levels");
            }
            levels.Add(new GridLevel(l, scale, (int)resolution, entries, offset, hashed));
            offset += entries;
            if (offset > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException("levels", $"grid levels 0..{l} hold {offset} entries, more than tcnn's 32-bit offset table addresses (4294967295)");
            }
        }
        return levels;
    }

    /// <summary>tcnn's MAX_BASES: the largest resolution whose D-dimensional dense index fits in uint32.</summary>
    private static long MaxDenseResolution(int dimensions) => dimensions switch { 2 => 0xFFFF, 3 => 0x659, _ => 0xFF };

    /// <summary>b^d, or long.MaxValue once it passes 2³¹ (only comparisons with table caps follow).</summary>
    private static long CappedPower(long b, int d)
    {
        long result = 1;
        for (var i = 0; i < d; i++)
        {
            result *= b;
            if (result > MaxLevelEntries) return long.MaxValue;
        }
        return result;
    }
}
