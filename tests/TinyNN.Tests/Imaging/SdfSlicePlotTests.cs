using TinyNN.Evaluation;
using TinyNN.Imaging;
using TinyNN.Tests.Evaluation;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// Slices of analytic spheres: pixel colours against the exact distance at each pixel centre (the map
/// samples column i at −extent + (i + ½)·2·extent/resolution), contour lines where the distance crosses
/// multiples of 0.1, and each axis's orientation.
/// </summary>
public sealed class SdfSlicePlotTests
{
    private const int Resolution = 100;
    private const float Spacing = 2f / Resolution;

    [Fact]
    public void InsideIsBlueOutsideRedAndZeroContourBlack()
    {
        var image = SdfSlicePlot.Render(AnalyticSdf.Sphere(0.5f), SliceAxis.Z, 0, Resolution);
        int checkedBetween = 0, checkedZero = 0, checkedContour = 0;
        for (var row = 0; row < Resolution; row++)
        {
            for (var column = 0; column < Resolution; column++)
            {
                float u = -1 + (column + 0.5f) * Spacing, v = 1 - (row + 0.5f) * Spacing;
                var d = MathF.Sqrt(u * u + v * v) - 0.5f;
                var pixel = image.GetPixel(SdfSlicePlot.MapLeft + column, SdfSlicePlot.MapTop + row);
                var offContour = d - MathF.Floor(d / 0.1f) * 0.1f;
                if (offContour is > 0.04f and < 0.06f && MathF.Abs(d) > 0.04f)
                {
                    // Two pixels (0.04 in distance, slope 0.02 a pixel) from any contour: the plain colour map.
                    checkedBetween++;
                    Assert.Equal(SdfSlicePlot.ColorOf(d, 1), pixel);
                    if (d < 0) Assert.True(pixel.B > pixel.R, $"inside d={d:F3} is blue: {pixel}");
                    else Assert.True(pixel.R > pixel.B, $"outside d={d:F3} is red: {pixel}");
                }
                if (MathF.Abs(d) < 0.005f)
                {
                    checkedZero++;
                    Assert.True(pixel.R + pixel.G + pixel.B < 30, $"zero contour at ({u:F2}, {v:F2}) is black: {pixel}");
                }
                if (MathF.Abs(d - 0.3f) < 0.004f)
                {
                    checkedContour++;
                    var plain = SdfSlicePlot.ColorOf(d, 1);
                    Assert.True(pixel.R + pixel.G + pixel.B < 0.7 * (plain.R + plain.G + plain.B), $"0.3 contour darkens {plain} (got {pixel})");
                }
            }
        }
        Assert.True(checkedBetween > 500 && checkedZero > 20 && checkedContour > 20, $"{checkedBetween}, {checkedZero}, {checkedContour} pixels checked");
        Assert.True(SdfSlicePlot.ColorOf(-0.45f, 1).R < SdfSlicePlot.ColorOf(-0.05f, 1).R, "deeper blue further in");
        Assert.True(SdfSlicePlot.ColorOf(0.6f, 1).G < SdfSlicePlot.ColorOf(0.1f, 1).G, "deeper red further out");
        Assert.Equal(new Rgb(247, 247, 247), SdfSlicePlot.ColorOf(0, 1));
    }

    [Theory]
    [InlineData(SliceAxis.Z, 0f, 0.5f, 0f, 0f, 0.5f)]   // (x right, y up): sphere at y = +0.5 sits in the upper half
    [InlineData(SliceAxis.Y, 0.5f, 0f, 0f, 0.5f, 0f)]   // (x right, z up)
    [InlineData(SliceAxis.Y, 0f, 0f, 0.5f, 0f, 0.5f)]
    [InlineData(SliceAxis.X, 0f, 0.5f, 0f, 0.5f, 0f)]   // (y right, z up)
    [InlineData(SliceAxis.X, 0f, 0f, -0.5f, 0f, -0.5f)]
    public void EachAxisMapsRightAndUp(SliceAxis axis, float cx, float cy, float cz, float right, float up)
    {
        var image = SdfSlicePlot.Render(AnalyticSdf.Sphere(0.3f, cx, cy, cz), axis, 0, Resolution);
        Rgb At(float h, float v) => image.GetPixel(SdfSlicePlot.MapLeft + (int)((h + 1) / Spacing), SdfSlicePlot.MapTop + (int)((1 - v) / Spacing));
        var inside = At(right + 0.15f, up);
        var mirrored = At(-right - 0.15f, -up);
        Assert.True(inside.B > inside.R + 20, $"inside at ({right + 0.15f}, {up}) is blue: {inside}");
        Assert.True(mirrored.R > mirrored.B + 20, $"the mirrored point is outside, red: {mirrored}");
    }

    [Fact]
    public void LargeSlicesAreEvaluatedInBoundedBatches()
    {
        var calls = new List<int>();
        var sphere = AnalyticSdf.Sphere(0.5f);
        SdfBatch counting = (points, distances) => { calls.Add(distances.Length); sphere(points, distances); };
        var image = SdfSlicePlot.Render(counting, SliceAxis.Z, 0.1f, 300, extent: 1.5f, colorBar: false);
        Assert.Equal(300 * 300, calls.Sum());
        Assert.All(calls, c => Assert.InRange(c, 1, SdfSampler.MaxBatch));
        Assert.Equal(2, calls.Count);
        Assert.Equal(SdfSlicePlot.MapLeft + 300 + 8, image.Width);
        Assert.Equal(SdfSlicePlot.MapTop + 300 + 8, image.Height);
    }

    [Fact]
    public void BadArgumentsAndNonFiniteDistancesAreReported()
    {
        var sphere = AnalyticSdf.Sphere(0.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Render(sphere, SliceAxis.Z, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Render(sphere, (SliceAxis)7, 0, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Render(sphere, SliceAxis.Z, float.NaN, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdfSlicePlot.Render(sphere, SliceAxis.Z, 0, 64, extent: 0));
        var error = Assert.Throws<InvalidOperationException>(() =>
            SdfSlicePlot.Render((_, d) => d.Fill(float.NaN), SliceAxis.Z, 0, 64));
        Assert.Contains("NaN", error.Message);
    }
}
