using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// Loss curves located by their exact series colour (a 2-pixel line always covers some pixel fully): equal
/// ratios sit at equal heights apart and an exponential decay draws a straight line, which holds only on a
/// log axis. Positions are compared to 1 pixel (the centroid of fully covered pixels is within ½ pixel of the line).
/// </summary>
public sealed class LossCurvePlotTests
{
    private const int Width = 600, Height = 400;

    [Fact]
    public void EqualRatiosAreEquallySpacedAndLargerValuesHigher()
    {
        var series = new[] { 3e-1, 3e-2, 3e-3 }
            .Select((v, i) => ($"s{i}", (IReadOnlyList<double>)Enumerable.Repeat(v, 50).ToArray())).ToArray();
        var image = LossCurvePlot.Render(series, Width, Height);

        var rows = Enumerable.Range(0, 3).Select(s => LineRow(image, LossCurvePlot.Palette[s], 150)).ToArray();
        Assert.True(rows[0] < rows[1] && rows[1] < rows[2], $"rows {string.Join(", ", rows)}");
        Assert.True(Math.Abs(rows[1] - rows[0] - (rows[2] - rows[1])) < 1, $"rows {string.Join(", ", rows)}");
        Assert.Equal(Rgb.White, image.GetPixel(1, 1));
    }

    [Fact]
    public void ExponentialDecayIsAStraightLine()
    {
        var values = Enumerable.Range(0, 41).Select(i => Math.Pow(10, -i / 10.0)).ToArray();
        var image = LossCurvePlot.Render([("loss", values)], Width, Height, stepInterval: 25);
        double[] columns = [120, 250, 380, 510];
        var rows = columns.Select(x => LineRow(image, LossCurvePlot.Palette[0], (int)x)).ToArray();
        var slope = (rows[3] - rows[0]) / (columns[3] - columns[0]);
        Assert.True(slope > 0.3, $"a falling curve goes down the image (slope {slope:F3} rows/column)");
        for (var k = 1; k < 3; k++)
        {
            var onLine = rows[0] + slope * (columns[k] - columns[0]);
            Assert.True(Math.Abs(rows[k] - onLine) < 1, $"column {columns[k]}: row {rows[k]:F2}, straight line {onLine:F2}");
        }
    }

    [Fact]
    public void TitleAndLegendAreDrawn()
    {
        var image = LossCurvePlot.Render([("total", [1.0, 0.5, 0.2]), ("eikonal", [0.1, 0.05, 0.04])], Width, Height, title: "Training loss");
        var darkInTitleBand = 0;
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < Width; x++) darkInTitleBand += image.GetPixel(x, y).R < 80 ? 1 : 0;
        }
        Assert.True(darkInTitleBand > 100, $"{darkInTitleBand} dark pixels in the title band");
        // Each legend swatch: a short horizontal run of the series colour in the upper right quarter.
        for (var s = 0; s < 2; s++)
        {
            var found = false;
            for (var y = 30; y < Height / 2 && !found; y++)
            {
                for (var x = Width / 2; x < Width && !found; x++) found = image.GetPixel(x, y) == LossCurvePlot.Palette[s] && image.GetPixel(x + 8, y) == LossCurvePlot.Palette[s];
            }
            Assert.True(found, $"legend swatch of series {s}");
        }
    }

    [Fact]
    public void ValuesThatCannotBeOnALogAxisLeaveGapsAndNoValueAtAllIsAnError()
    {
        LossCurvePlot.Render([("loss", [1, 0, double.NaN, -1, 0.1, double.PositiveInfinity, 0.01])], Width, Height);
        var none = Assert.Throws<ArgumentException>(() => LossCurvePlot.Render([("loss", [0, double.NaN])], Width, Height));
        Assert.Contains("positive finite", none.Message);
        Assert.Throws<ArgumentException>(() => LossCurvePlot.Render([], Width, Height));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCurvePlot.Render([("loss", [1.0])], 50, Height));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCurvePlot.Render([("loss", [1.0])], Width, Height, stepInterval: 0));
    }

    /// <summary>The line's height in a column: mean centre of the pixels showing exactly its colour.</summary>
    private static double LineRow(RgbImage image, Rgb color, int column)
    {
        var rows = Enumerable.Range(0, image.Height).Where(y => image.GetPixel(column, y) == color).ToList();
        Assert.True(rows.Count is >= 1 and <= 4, $"column {column}: {rows.Count} pixels of the series colour");
        Assert.True(rows[^1] - rows[0] < 4, $"column {column}: series colour in rows {string.Join(",", rows)}");
        return rows.Average() + 0.5;
    }
}
