using ScottPlot;
using ScottPlot.TickGenerators;
using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// Loss curves rendered through ScottPlot and decoded: each curve is found by its series colour; equal ratios sit
/// at equal heights apart and an exponential decay draws a straight line, which holds only on a log axis; the log
/// axis has decade ticks labelled with their values and minor ticks between; the text is anti-aliased.
/// </summary>
public sealed class LossCurvePlotTests
{
    private const int Width = 720, Height = 450;

    [Fact]
    public void TheFigureHasTheRequestedSize()
    {
        var figure = new RenderedFigure(LossCurvePlot.Create([("loss", [1.0, 0.5, 0.2])]), Width, Height);
        Assert.Equal((Width, Height), (figure.Width, figure.Height));
        Assert.Equal(new Rgb(255, 255, 255), figure[1, 1]);
    }

    [Fact]
    public void EqualRatiosAreEquallySpacedAndLargerValuesHigher()
    {
        var series = new[] { 3e-1, 3e-2, 3e-3 }
            .Select((v, i) => ($"s{i}", (IReadOnlyList<double>)Enumerable.Repeat(v, 50).ToArray())).ToArray();
        var figure = new RenderedFigure(LossCurvePlot.Create(series), Width, Height);
        var column = figure.PixelAt(25, 0).X;

        var rows = Enumerable.Range(0, 3).Select(s => figure.RowOf(LossCurvePlot.Palette[s], column)).ToArray();
        Assert.True(rows[0] < rows[1] && rows[1] < rows[2], $"rows {string.Join(", ", rows)}");
        Assert.True(Math.Abs(rows[1] - rows[0] - (rows[2] - rows[1])) < 1.5, $"rows {string.Join(", ", rows)}");
        // The plot's y coordinate is log10 of the value.
        Assert.True(Math.Abs(rows[1] - figure.Plot.GetPixel(new Coordinates(25, Math.Log10(3e-2))).Y) < 1.5, $"0.03 drawn at row {rows[1]:F1}");
    }

    [Fact]
    public void ExponentialDecayIsAStraightLine()
    {
        var values = Enumerable.Range(0, 41).Select(i => Math.Pow(10, -i / 10.0)).ToArray();
        var figure = new RenderedFigure(LossCurvePlot.Create([("loss", values)], stepInterval: 25), Width, Height);
        // Steps left of the legend (upper right), whose swatch has the curve's colour.
        var columns = new[] { 100.0, 300, 500, 700 }.Select(step => figure.PixelAt(step, 0).X).ToArray();
        var rows = columns.Select(x => figure.RowOf(LossCurvePlot.Palette[0], x)).ToArray();
        var slope = (rows[3] - rows[0]) / (columns[3] - columns[0]);
        Assert.True(slope > 0.2, $"a falling curve goes down the image (slope {slope:F3} rows/column)");
        for (var k = 1; k < 3; k++)
        {
            var onLine = rows[0] + slope * (columns[k] - columns[0]);
            Assert.True(Math.Abs(rows[k] - onLine) < 1.5, $"column {columns[k]}: row {rows[k]:F2}, straight line {onLine:F2}");
        }
    }

    [Fact]
    public void TheLogAxisHasLabelledDecadesAndMinorTicks()
    {
        var values = Enumerable.Range(0, 30).Select(i => 2 * Math.Pow(10, -i / 10.0)).ToArray();   // 2 … 0.0025
        var plot = LossCurvePlot.Create([("loss", values)]);
        new RenderedFigure(plot, Width, Height);
        var ticks = Assert.IsType<NumericManual>(plot.Axes.Left.TickGenerator).Ticks;
        var majors = ticks.Where(t => t.IsMajor).ToDictionary(t => Math.Round(t.Position, 9), t => t.Label);
        Assert.Equal("1", majors[0]);
        Assert.Equal("0.1", majors[-1]);
        Assert.Equal("0.01", majors[-2]);
        var minors = ticks.Where(t => !t.IsMajor).Select(t => t.Position).ToList();
        Assert.Contains(minors, p => Math.Abs(p - Math.Log10(0.05)) < 1e-9);
        Assert.Contains(minors, p => Math.Abs(p - Math.Log10(0.3)) < 1e-9);
        Assert.All(minors, p => Assert.InRange(p, Math.Log10(0.0025) - 0.2, Math.Log10(2) + 0.2));
    }

    [Fact]
    public void TextIsAntiAliased()
    {
        var figure = new RenderedFigure(LossCurvePlot.Create([("loss", [1.0, 0.1])], title: "Training loss"), Width, Height);
        // The title band: glyph edges blend ink into the background, so many grey levels appear, not two.
        var greys = new HashSet<int>();
        for (var y = 0; y < Height / 12; y++)
        {
            for (var x = 0; x < Width; x++) greys.Add((int)RenderedFigure.Luminance(figure[x, y]));
        }
        Assert.True(greys.Count > 20, $"{greys.Count} grey levels in the title band");
    }

    [Fact]
    public void GapsAndBadArgumentsAreHandled()
    {
        // Values a log axis cannot show leave gaps; a lone value is still drawn.
        new RenderedFigure(LossCurvePlot.Create([("loss", [1, 0, double.NaN, -1, 0.1, double.PositiveInfinity, 0.01])]), Width, Height);
        var none = Assert.Throws<ArgumentException>(() => LossCurvePlot.Create([("loss", [0, double.NaN])]));
        Assert.Contains("positive finite", none.Message);
        Assert.Throws<ArgumentException>(() => LossCurvePlot.Create([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossCurvePlot.Create([("loss", [1.0])], stepInterval: 0));
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => PlotRendering.EncodePng(LossCurvePlot.Create([("loss", [1.0])]), 10, Height));
        Assert.Contains("(got 10)", size.Message);
    }
}
