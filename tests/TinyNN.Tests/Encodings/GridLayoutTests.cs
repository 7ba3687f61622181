using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// Level metadata against tcnn's formulas, re-derived here: scale_l = 2^(l·log2 s)·base − 1 (float32),
/// res_l = ceil(scale_l) + 1, entries = min(round8(res^D), cap), offsets the running sum; plus validation messages.
/// </summary>
public sealed class GridLayoutTests
{
    [Fact]
    public void DefaultHashGridMatchesTcnn()
    {
        // tcnn's defaults: 16 levels, F = 2, log2_hashmap_size 19, base_resolution 16, per_level_scale 2.
        var layout = new GridLayout(3, GridType.Hash, 16, 2, 19, 16, 2f);
        long offset = 0;
        for (var l = 0; l < 16; l++)
        {
            var level = layout.Levels[l];
            var resolution = 16L << l;                       // scale 16·2^l − 1 is an integer, so res = 16·2^l
            var dense = resolution * resolution * resolution;
            var entries = Math.Min(dense, 1L << 19);
            Assert.Equal(16f * MathF.Pow(2f, l) - 1f, level.Scale);
            Assert.Equal(resolution, level.Resolution);
            Assert.Equal(entries, level.TableSize);
            Assert.Equal(offset, level.Offset);
            Assert.Equal(dense > 1L << 19, level.Hashed);
            offset += entries;
        }
        Assert.Equal([16, 32, 64, 128], layout.Levels.Take(4).Select(level => level.Resolution));
        Assert.Equal([4096L, 32768, 262144, 524288], layout.Levels.Take(4).Select(level => level.TableSize));
        Assert.Equal((4096L + 32768 + 262144 + 13 * 524288) * 2, layout.ParameterCount);
        Assert.Equal(32, layout.OutputWidth);
    }

    [Theory]
    [InlineData(2, GridType.Hash, 12, 1, 14, 5, 1.3819f)]
    [InlineData(3, GridType.Hash, 8, 4, 17, 8, 1.5f)]
    [InlineData(4, GridType.Hash, 6, 8, 16, 4, 1.7f)]
    [InlineData(2, GridType.Tiled, 6, 2, 19, 7, 1.9f)]
    [InlineData(3, GridType.Tiled, 5, 2, 19, 3, 2f)]
    [InlineData(3, GridType.Dense, 4, 2, 19, 4, 1.41f)]
    public void LevelsFollowTheFormulas(int dims, GridType type, int levels, int features, int log2, int baseResolution, float perLevelScale)
    {
        var layout = new GridLayout(dims, type, levels, features, log2, baseResolution, perLevelScale);
        long offset = 0;
        for (var l = 0; l < levels; l++)
        {
            var scale = MathF.Pow(2f, l * MathF.Log2(perLevelScale)) * baseResolution - 1f;
            var resolution = (long)Math.Ceiling(scale) + 1;
            var dense = (long)Math.Pow(resolution, dims);
            var entries = (dense + 7) / 8 * 8;
            if (type == GridType.Tiled) entries = Math.Min(entries, (long)Math.Pow(baseResolution, dims));
            if (type == GridType.Hash) entries = Math.Min(entries, 1L << log2);
            var level = layout.Levels[l];
            Assert.Equal(scale, level.Scale, 1e-6f * scale);
            Assert.Equal(resolution, level.Resolution);
            Assert.Equal(entries, level.TableSize);
            Assert.Equal(offset, level.Offset);
            Assert.Equal(type == GridType.Hash && entries < dense, level.Hashed);
            offset += entries;
        }
        Assert.Equal(offset, layout.Entries);
        Assert.Equal(offset * features, layout.ParameterCount);
    }

    [Fact]
    public void TiledLevelsStopGrowingAtTheBaseTile()
    {
        var layout = new GridLayout(2, GridType.Tiled, 4, 2, 19, 5, 2f);
        Assert.Equal([25L, 25, 25, 25], layout.Levels.Select(level => level.TableSize)); // min(round8(res²), 5²): even level 0's 32 is capped to 25
        Assert.All(layout.Levels, level => Assert.False(level.Hashed));
    }

    [Fact]
    public void DefaultPerLevelScaleReachesResolution256ForDenseGrids()
    {
        Assert.Equal(2f, GridLayout.DefaultPerLevelScale(GridType.Hash, 16, 16));
        Assert.Equal(2f, GridLayout.DefaultPerLevelScale(GridType.Tiled, 16, 16));
        var scale = GridLayout.DefaultPerLevelScale(GridType.Dense, 16, 5);
        Assert.Equal(2f, scale, 1e-6f);                       // 16 → 256 in 4 steps
        Assert.Equal(1f, GridLayout.DefaultPerLevelScale(GridType.Dense, 16, 1));
        var dense = new GridLayout(2, GridType.Dense, 5, 1, 19, 16, scale);
        Assert.InRange(dense.Levels[^1].Resolution, 256, 257);
    }

    [Fact]
    public void DescribePrintsEveryLevel()
    {
        var layout = new GridLayout(3, GridType.Hash, 4, 2, 12, 16, 2f);
        var text = layout.Describe();
        Assert.Contains($"{layout.ParameterCount} parameters", text);
        Assert.Equal(4, text.Split('\n').Count(line => line.Contains("dense") || line.Contains("hashed")));
        Assert.Contains("hashed", text);
    }

    public static TheoryData<Func<GridLayout>, string, string> InvalidLayouts => new()
    {
        { () => new GridLayout(1, GridType.Hash, 16, 2, 19, 16, 2f), "inputWidth", "must be 2, 3 or 4 (got 1)" },
        { () => new GridLayout(5, GridType.Hash, 16, 2, 19, 16, 2f), "inputWidth", "(got 5)" },
        { () => new GridLayout(3, (GridType)7, 16, 2, 19, 16, 2f), "type", "Hash, Dense or Tiled (got 7)" },
        { () => new GridLayout(3, GridType.Hash, 0, 2, 19, 16, 2f), "levels", "1..128 (got 0)" },
        { () => new GridLayout(3, GridType.Hash, 129, 2, 19, 16, 2f), "levels", "(got 129)" },
        { () => new GridLayout(3, GridType.Hash, 16, 3, 19, 16, 2f), "featuresPerLevel", "1, 2, 4 or 8 (got 3)" },
        { () => new GridLayout(3, GridType.Hash, 16, 2, 0, 16, 2f), "log2HashmapSize", "1..31 (got 0)" },
        { () => new GridLayout(3, GridType.Hash, 16, 2, 32, 16, 2f), "log2HashmapSize", "(got 32)" },
        { () => new GridLayout(3, GridType.Hash, 16, 2, 19, 0, 2f), "baseResolution", "≥ 1 (got 0)" },
        { () => new GridLayout(3, GridType.Hash, 16, 2, 19, 16, float.NaN), "perLevelScale", "positive finite" },
        { () => new GridLayout(3, GridType.Hash, 16, 2, 19, 16, -2f), "perLevelScale", "(got -2)" },
        { () => new GridLayout(3, GridType.Hash, 40, 2, 19, 16, 2f), "perLevelScale", "grid level 27" },
        { () => new GridLayout(3, GridType.Dense, 8, 2, 19, 16, 2f), "perLevelScale", "resolution 2048 exceeds 1625" },
        { () => new GridLayout(2, GridType.Hash, 4, 2, 19, 16, 0.1f), "perLevelScale", "grid level 2: scale -0.8" },
    };

    [Theory, MemberData(nameof(InvalidLayouts))]
    public void InvalidArgumentsAreRejectedWithTheValue(Func<GridLayout> create, string parameter, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void DenseAndTiledGridsIgnoreTheHashSize()
    {
        // log2_hashmap_size means nothing to Dense and Tiled grids: any value is accepted, as in tcnn.
        var layout = new GridLayout(2, GridType.Dense, 2, 2, 0, 4, 2f);
        Assert.Equal([16L, 64], layout.Levels.Select(level => level.TableSize)); // res 4 and 8 (scale 3 and 7)
        Assert.Equal(16, new GridLayout(2, GridType.Tiled, 2, 2, -3, 4, 2f).Levels[1].TableSize);
    }
}
