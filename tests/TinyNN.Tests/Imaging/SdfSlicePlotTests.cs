using TinyNN.Evaluation;
using TinyNN.Imaging;
using TinyNN.Tests.Evaluation;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// Slices of analytic spheres rendered through ScottPlot and decoded, read at plot coordinates: blue inside, red
/// outside, the bold zero contour exactly where the distance changes sign, thin contours at multiples of 0.1 and
/// nothing dark between them, each axis's orientation, a symmetric colour bar with ticks.
/// </summary>
public sealed class SdfSlicePlotTests
{
    private const int Resolution = 160, Width = 640, Height = 560;

    [Fact]
    public void TheZeroContourIsBoldWhereTheDistanceChangesSign()
    {
        var figure = new RenderedFigure(SdfSlicePlot.Create(AnalyticSdf.Sphere(0.5f), SliceAxis.Z, 0, Resolution), Width, Height);
        Assert.Equal((Width, Height), (figure.Width, figure.Height));
        for (var k = 0; k < 12; k++)
        {
            var angle = 2 * Math.PI * (k + 0.25) / 12;
            (double X, double Y) At(double radius) => (radius * Math.Cos(angle), radius * Math.Sin(angle));

            var (zx, zy) = At(0.5);
            Assert.True(figure.DarkestNear(zx, zy, 1) < 60, $"no bold zero contour at ({zx:F2}, {zy:F2})");
            // Halfway between contour levels: the colour map, no line; blue inside, red outside.
            foreach (var radius in new[] { 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75 })
            {
                var (x, y) = At(radius);
                var darkest = figure.DarkestNear(x, y, 1);
                Assert.True(darkest > 110, $"a line at ({x:F2}, {y:F2}), d = {radius - 0.5:F2} (luminance {darkest:F0})");
                // Within ±0.05 of zero the map is almost white; further out its hue tells the side.
                var pixel = figure.At(x, y);
                if (radius < 0.4) Assert.True(pixel.B > pixel.R + 10, $"inside is blue at d = {radius - 0.5:F2}: {pixel}");
                if (radius > 0.6) Assert.True(pixel.R > pixel.B + 10, $"outside is red at d = {radius - 0.5:F2}: {pixel}");
            }
            // A thin contour at d = 0.1 and d = −0.1: darker than the colour map beside it, lighter than the zero line.
            foreach (var radius in new[] { 0.4, 0.6 })
            {
                var (x, y) = At(radius);
                var line = figure.DarkestNear(x, y, 1);
                var (bx, by) = At(radius + 0.05);
                Assert.True(line < figure.DarkestNear(bx, by, 1) - 40, $"no thin contour at d = {radius - 0.5:F1} (luminance {line:F0})");
            }
        }
    }

    [Fact]
    public void DeeperInsideIsDeeperBlueAndFurtherOutsideDeeperRed()
    {
        var figure = new RenderedFigure(SdfSlicePlot.Create(AnalyticSdf.Sphere(0.5f), SliceAxis.Z, 0, Resolution), Width, Height);
        Rgb centre = figure.At(0.02, 0.02), nearInside = figure.At(0.45, 0.02), nearOutside = figure.At(0.55, 0.02), corner = figure.At(-0.95, -0.95);
        Assert.True(RenderedFigure.Luminance(centre) < RenderedFigure.Luminance(nearInside), $"centre {centre}, near the surface {nearInside}");
        Assert.True(RenderedFigure.Luminance(corner) < RenderedFigure.Luminance(nearOutside), $"corner {corner}, near the surface {nearOutside}");
        Assert.True(nearInside.R > 180 && nearInside.G > 180 && nearOutside.G > 180, $"near zero is almost white: {nearInside}, {nearOutside}");
    }

    [Theory]
    [InlineData(SliceAxis.Z, 0f, 0.5f, 0f, 0f, 0.5f)]   // (x right, y up): a sphere at y = +0.5 sits in the upper half
    [InlineData(SliceAxis.Y, 0.5f, 0f, 0f, 0.5f, 0f)]   // (x right, z up)
    [InlineData(SliceAxis.Y, 0f, 0f, 0.5f, 0f, 0.5f)]
    [InlineData(SliceAxis.X, 0f, 0.5f, 0f, 0.5f, 0f)]   // (y right, z up)
    [InlineData(SliceAxis.X, 0f, 0f, -0.5f, 0f, -0.5f)]
    public void EachAxisMapsRightAndUp(SliceAxis axis, float cx, float cy, float cz, float right, float up)
    {
        var figure = new RenderedFigure(SdfSlicePlot.Create(AnalyticSdf.Sphere(0.3f, cx, cy, cz), axis, 0, 64), 480, 420);
        var inside = figure.At(right, up);
        var mirrored = figure.At(-right, -up);
        Assert.True(inside.B > inside.R + 20, $"the sphere's centre is inside, blue: {inside}");
        Assert.True(mirrored.R > mirrored.B + 20, $"the mirrored point is outside, red: {mirrored}");
    }

    [Fact]
    public void TheColourBarIsSymmetricAboutZeroWithTicks()
    {
        var plot = SdfSlicePlot.Create(AnalyticSdf.Sphere(0.5f), SliceAxis.Z, 0, 64);
        new RenderedFigure(plot, 480, 420);
        var heatmap = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.Heatmap>());
        // The largest |d| on the grid is at a corner sample, √2·(1 − 1/64) − 0.5 ≈ 0.89, so the bar spans ±0.9.
        Assert.Equal(-0.9, heatmap.ManualRange!.Value.Min, 6);
        Assert.Equal(0.9, heatmap.ManualRange!.Value.Max, 6);
        var bar = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>());
        var labels = bar.Axis.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Contains("0", labels);
        Assert.True(labels.Count >= 5, $"colour bar ticks: {string.Join(", ", labels)}");
    }

    [Fact]
    public void LargeSlicesAreEvaluatedInBoundedBatches()
    {
        var calls = new List<int>();
        var sphere = AnalyticSdf.Sphere(0.5f);
        SdfBatch counting = (points, distances) => { calls.Add(distances.Length); sphere(points, distances); };
        var distances = SdfSlicePlot.Sample(counting, SliceAxis.Z, 0.1f, 300, extent: 1.5f);
        Assert.Equal(300 * 300, calls.Sum());
        Assert.All(calls, c => Assert.InRange(c, 1, SdfSampler.MaxBatch));
        Assert.Equal(2, calls.Count);
        // Row 0 is the top (v = +extent − ½ cell), column 0 the left; the sphere has d(u, v) = √(u² + v² + 0.1²) − 0.5.
        float u = -1.5f + 0.5f * 3f / 300, v = 1.5f - 0.5f * 3f / 300;
        Assert.Equal(MathF.Sqrt(u * u + v * v + 0.01f) - 0.5f, distances[0], 5);
    }

    [Fact]
    public void BadArgumentsAndNonFiniteDistancesAreReported()
    {
        var sphere = AnalyticSdf.Sphere(0.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Create(sphere, SliceAxis.Z, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Create(sphere, (SliceAxis)7, 0, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Create(sphere, SliceAxis.Z, float.NaN, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Create(sphere, SliceAxis.Z, 0, 64, extent: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Create(sphere, SliceAxis.Z, 0, 64, contourInterval: -1));
        var mismatch = Assert.Throws<ArgumentException>(() => SdfSlicePlot.Create(new float[10], 64, SliceAxis.Z, 0));
        Assert.Contains("(got 10)", mismatch.Message);
        var error = Assert.Throws<InvalidOperationException>(() => SdfSlicePlot.Create((_, d) => d.Fill(float.NaN), SliceAxis.Z, 0, 64));
        Assert.Contains("NaN", error.Message);
    }
}
