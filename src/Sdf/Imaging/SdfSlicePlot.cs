using System.Globalization;
using TinyNN.Evaluation;

namespace TinyNN.Imaging;

/// <summary>
/// A planar slice of a signed distance field in a diverging colour map (blue inside, white near zero, red
/// outside, saturating at ±extent), with thin contour lines every contour interval, a bold zero contour, a
/// title naming the plane and an optional colour bar.
/// </summary>
/// <remarks>
/// The map occupies pixels [<see cref="MapLeft"/>, <see cref="MapLeft"/> + resolution) ×
/// [<see cref="MapTop"/>, <see cref="MapTop"/> + resolution). Map column i samples the horizontal coordinate
/// −extent + (i + ½)·2·extent/resolution; map row j samples the vertical coordinate extent − (j + ½)·2·extent/resolution.
/// </remarks>
public static class SdfSlicePlot
{
    /// <summary>The map's left edge in image pixels.</summary>
    public const int MapLeft = 8;

    /// <summary>The map's top edge in image pixels (the title sits above it).</summary>
    public const int MapTop = 30;

    /// <summary>The smallest resolution accepted.</summary>
    public const int MinResolution = 16;

    /// <summary>The largest resolution accepted.</summary>
    public const int MaxResolution = 4096;

    private const int Margin = 8, BarGap = 10, BarWidth = 14, LabelRoom = 44;
    private const float ContourWidth = 1, ZeroContourWidth = 2.5f;
    private static readonly Rgb Ink = new(30, 30, 30), ContourInk = new(40, 40, 40);

    // Colour-map stops at |d|/extent = 0, 0.35, 0.7, 1 for each side (a red–blue diverging scale).
    private static readonly float[] StopPositions = [0, 0.35f, 0.7f, 1];
    private static readonly Rgb[] InsideStops = [new(247, 247, 247), new(146, 197, 222), new(33, 102, 172), new(5, 48, 97)];
    private static readonly Rgb[] OutsideStops = [new(247, 247, 247), new(244, 165, 130), new(178, 24, 43), new(103, 0, 31)];

    /// <summary>Samples <paramref name="sdf"/> on the plane and draws the slice.</summary>
    /// <param name="sdf">The field, called with batches of at most <see cref="SdfSampler.MaxBatch"/> points.</param>
    /// <param name="axis">The axis perpendicular to the plane.</param>
    /// <param name="position">The plane's coordinate along <paramref name="axis"/>.</param>
    /// <param name="resolution">Samples (and map pixels) along each side, <see cref="MinResolution"/>..<see cref="MaxResolution"/>.</param>
    /// <param name="extent">The square [−extent, extent]² is shown; distances saturate the colours at ±extent.</param>
    /// <param name="contourInterval">Distance between thin contour lines.</param>
    /// <param name="colorBar">Whether to draw a colour bar right of the map.</param>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    /// <exception cref="InvalidOperationException">The SDF returned a non-finite distance.</exception>
    public static RgbImage Render(SdfBatch sdf, SliceAxis axis, float position, int resolution, float extent = 1,
        float contourInterval = 0.1f, bool colorBar = true)
    {
        ArgumentNullException.ThrowIfNull(sdf);
        if (!Enum.IsDefined(axis)) throw new ArgumentOutOfRangeException(nameof(axis), $"slice axis must be X, Y or Z (got {(int)axis})");
        if (!float.IsFinite(position)) throw new ArgumentOutOfRangeException(nameof(position), $"slice position must be finite (got {position})");
        if (resolution is < MinResolution or > MaxResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"slice resolution must be {MinResolution}..{MaxResolution} (got {resolution})");
        }
        if (!(extent > 0) || !float.IsFinite(extent)) throw new ArgumentOutOfRangeException(nameof(extent), $"slice extent must be a positive finite number (got {extent})");
        if (!(contourInterval > 0) || !float.IsFinite(contourInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(contourInterval), $"contour interval must be a positive finite number (got {contourInterval})");
        }

        var distances = Sample(sdf, axis, position, resolution, extent);
        var width = MapLeft + resolution + Margin + (colorBar ? BarGap + BarWidth + LabelRoom : 0);
        var image = new RgbImage(width, MapTop + resolution + Margin);
        image.Fill(Rgb.White);
        DrawMap(image, distances, resolution, extent, contourInterval);
        if (colorBar) DrawColorBar(image, MapLeft + resolution + BarGap, resolution, extent, contourInterval);

        var (horizontal, vertical) = axis switch { SliceAxis.X => ("y", "z"), SliceAxis.Y => ("x", "z"), _ => ("x", "y") };
        var title = string.Create(CultureInfo.InvariantCulture,
            $"SDF at {axis.ToString().ToLowerInvariant()} = {position:0.###} ({horizontal} right, {vertical} up)");
        var scale = BitmapFont.MeasureWidth(title, 2) <= width - 2 * Margin ? 2 : 1;
        image.DrawText(Margin, (MapTop - BitmapFont.GlyphHeight * scale) / 2, title, Ink, scale);
        return image;
    }

    /// <summary>The colour of a signed distance <paramref name="distance"/> on a map saturating at ±<paramref name="extent"/>.</summary>
    public static Rgb ColorOf(float distance, float extent)
    {
        if (!(extent > 0) || !float.IsFinite(extent)) throw new ArgumentOutOfRangeException(nameof(extent), $"colour-map extent must be a positive finite number (got {extent})");
        if (float.IsNaN(distance)) throw new ArgumentOutOfRangeException(nameof(distance), "a NaN distance has no colour");
        var t = Math.Clamp(MathF.Abs(distance) / extent, 0f, 1f);
        var stops = distance < 0 ? InsideStops : OutsideStops;
        for (var k = 1; k < StopPositions.Length; k++)
        {
            if (t <= StopPositions[k]) return Rgb.Lerp(stops[k - 1], stops[k], (t - StopPositions[k - 1]) / (StopPositions[k] - StopPositions[k - 1]));
        }
        return stops[^1];
    }

    /// <summary>Distances at the pixel centres, row-major, top row first.</summary>
    private static float[] Sample(SdfBatch sdf, SliceAxis axis, float position, int resolution, float extent)
    {
        var points = new float[3 * resolution * resolution];
        var spacing = 2 * extent / resolution;
        for (var row = 0; row < resolution; row++)
        {
            var v = extent - (row + 0.5f) * spacing;
            for (var column = 0; column < resolution; column++)
            {
                var u = -extent + (column + 0.5f) * spacing;
                var p = 3 * (row * resolution + column);
                (points[p], points[p + 1], points[p + 2]) = axis switch
                {
                    SliceAxis.X => (position, u, v),
                    SliceAxis.Y => (u, position, v),
                    _ => (u, v, position),
                };
            }
        }
        var distances = new float[resolution * resolution];
        SdfSampler.Evaluate(sdf, points, distances);
        return distances;
    }

    private static void DrawMap(RgbImage image, float[] d, int n, float extent, float interval)
    {
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var value = d[row * n + column];
                var color = ColorOf(value, extent);
                // A contour's distance in pixels is its distance in value over the value's change per pixel.
                var gx = (d[row * n + Math.Min(column + 1, n - 1)] - d[row * n + Math.Max(column - 1, 0)]) / (Math.Min(column + 1, n - 1) - Math.Max(column - 1, 0));
                var gy = (d[Math.Min(row + 1, n - 1) * n + column] - d[Math.Max(row - 1, 0) * n + column]) / (Math.Min(row + 1, n - 1) - Math.Max(row - 1, 0));
                var slope = MathF.Max(MathF.Sqrt(gx * gx + gy * gy), 1e-12f);
                var level = MathF.Round(value / interval) * interval;
                color = Rgb.Lerp(color, ContourInk, 0.6f * Coverage(MathF.Abs(value - level) / slope, ContourWidth));
                color = Rgb.Lerp(color, Rgb.Black, Coverage(MathF.Abs(value) / slope, ZeroContourWidth));
                image.SetPixel(MapLeft + column, MapTop + row, color);
            }
        }
    }

    /// <summary>How much of a pixel whose centre is <paramref name="pixels"/> from a line of <paramref name="width"/> pixels the line covers.</summary>
    private static float Coverage(float pixels, float width) => Math.Clamp(width / 2 + 0.5f - pixels, 0f, 1f);

    /// <summary>A vertical bar of the colour map from +extent (top) to −extent, marked like the map: thin lines at each contour, a bold zero.</summary>
    private static void DrawColorBar(RgbImage image, int left, int height, float extent, float interval)
    {
        var valuePerPixel = 2 * extent / height;
        for (var row = 0; row < height; row++)
        {
            var value = extent - (row + 0.5f) * valuePerPixel;
            var color = ColorOf(value, extent);
            // Contour marks only where they are at least 3 pixels apart, as on the map at that scale.
            if (interval >= 3 * valuePerPixel)
            {
                var level = MathF.Round(value / interval) * interval;
                color = Rgb.Lerp(color, ContourInk, 0.6f * Coverage(MathF.Abs(value - level) / valuePerPixel, ContourWidth));
            }
            color = Rgb.Lerp(color, Rgb.Black, Coverage(MathF.Abs(value) / valuePerPixel, ZeroContourWidth));
            image.FillRectangle(left, MapTop + row, BarWidth, 1, color);
        }
        foreach (var value in new[] { extent, 0, -extent })
        {
            var centre = MapTop + (int)((extent - value) / valuePerPixel);
            var top = Math.Clamp(centre - BitmapFont.GlyphHeight / 2, MapTop, MapTop + height - BitmapFont.GlyphHeight);
            image.DrawText(left + BarWidth + 4, top, AxisTicks.Format(value), Ink);
        }
    }
}
