using System.Globalization;
using ScottPlot;
using TinyNN.Evaluation;

namespace TinyNN.Imaging;

/// <summary>
/// A planar slice of a signed distance field, drawn with ScottPlot: a heatmap in a diverging colour map (blue
/// inside, white at zero, red outside, symmetric about zero), contour lines every contour interval, the zero level
/// bold, a colour bar with ticks, axes in the plane's coordinates with equal units.
/// </summary>
/// <remarks>
/// Grid column i samples the horizontal coordinate −extent + (i + ½)·2·extent/resolution; grid row j samples the
/// vertical coordinate extent − (j + ½)·2·extent/resolution (row 0 at the top, as drawn). The plot's coordinates
/// are the plane's, so <c>plot.GetPixel(new(u, v))</c> finds a point's pixel.
/// </remarks>
public static class SdfSlicePlot
{
    /// <summary>The smallest resolution accepted.</summary>
    public const int MinResolution = 16;

    /// <summary>The largest resolution accepted.</summary>
    public const int MaxResolution = 4096;

    /// <summary>Width of the thin contour lines (before the image's scale).</summary>
    public const float ContourWidth = 0.8f;

    /// <summary>Width of the zero contour (before the image's scale).</summary>
    public const float ZeroContourWidth = 2.5f;

    /// <summary>Colour of the contour lines.</summary>
    public static Color ContourColor { get; } = Color.FromHex("#202020");

    /// <summary>The diverging colour map: cmocean's "balance" (dark blue, white at its centre, dark red).</summary>
    public static IColormap Colormap { get; } = new ScottPlot.Colormaps.Balance();

    /// <summary>Samples <paramref name="sdf"/> on the plane: distances at the grid's cell centres, row-major, top row first.</summary>
    /// <param name="sdf">The field, called with batches of at most <see cref="SdfSampler.MaxBatch"/> points.</param>
    /// <param name="axis">The axis perpendicular to the plane.</param>
    /// <param name="position">The plane's coordinate along <paramref name="axis"/>.</param>
    /// <param name="resolution">Samples along each side, <see cref="MinResolution"/>..<see cref="MaxResolution"/>.</param>
    /// <param name="extent">The square [−extent, extent]² is sampled.</param>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    /// <exception cref="InvalidOperationException">The SDF returned a non-finite distance.</exception>
    public static float[] Sample(SdfBatch sdf, SliceAxis axis, float position, int resolution, float extent = 1)
    {
        ArgumentNullException.ThrowIfNull(sdf);
        if (!Enum.IsDefined(axis)) throw new ArgumentOutOfRangeException(nameof(axis), $"slice axis must be X, Y or Z (got {(int)axis})");
        if (!float.IsFinite(position)) throw new ArgumentOutOfRangeException(nameof(position), $"slice position must be finite (got {position})");
        if (resolution is < MinResolution or > MaxResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"slice resolution must be {MinResolution}..{MaxResolution} (got {resolution})");
        }
        if (!(extent > 0) || !float.IsFinite(extent)) throw new ArgumentOutOfRangeException(nameof(extent), $"slice extent must be a positive finite number (got {extent})");
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
        for (var i = 0; i < distances.Length; i++)
        {
            if (!float.IsFinite(distances[i])) throw new InvalidOperationException($"the SDF returned {distances[i]} at slice sample {i}; every distance must be finite");
        }
        return distances;
    }

    /// <summary>Samples <paramref name="sdf"/> (see <see cref="Sample"/>) and draws the slice.</summary>
    public static Plot Create(SdfBatch sdf, SliceAxis axis, float position, int resolution, float extent = 1, float contourInterval = 0.1f) =>
        Create(Sample(sdf, axis, position, resolution, extent), resolution, axis, position, extent, contourInterval);

    /// <summary>Draws a slice already sampled by <see cref="Sample"/> (<paramref name="resolution"/>² distances, top row first).</summary>
    /// <exception cref="ArgumentException">An argument is outside its range or the distances do not fill the grid.</exception>
    public static Plot Create(float[] distances, int resolution, SliceAxis axis, float position, float extent = 1, float contourInterval = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(distances);
        if (resolution is < MinResolution or > MaxResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"slice resolution must be {MinResolution}..{MaxResolution} (got {resolution})");
        }
        if (distances.Length != resolution * resolution) throw new ArgumentException($"a {resolution}² slice has {resolution * resolution} distances (got {distances.Length})", nameof(distances));
        if (!Enum.IsDefined(axis)) throw new ArgumentOutOfRangeException(nameof(axis), $"slice axis must be X, Y or Z (got {(int)axis})");
        if (!(extent > 0) || !float.IsFinite(extent)) throw new ArgumentOutOfRangeException(nameof(extent), $"slice extent must be a positive finite number (got {extent})");
        if (!(contourInterval > 0) || !float.IsFinite(contourInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(contourInterval), $"contour interval must be a positive finite number (got {contourInterval})");
        }

        var plot = new Plot();
        var intensities = new double[resolution, resolution];
        var largest = 0.0;
        for (var row = 0; row < resolution; row++)
        {
            for (var column = 0; column < resolution; column++)
            {
                var d = distances[row * resolution + column];
                intensities[row, column] = d;
                largest = Math.Max(largest, Math.Abs(d));
            }
        }
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = Colormap;
        heatmap.Extent = new CoordinateRect(-extent, extent, -extent, extent);
        heatmap.Smooth = true;
        // Symmetric about zero so white is the surface; rounded up to a whole contour interval for round colour-bar ends.
        var range = Math.Max(contourInterval, Math.Ceiling(largest / contourInterval - 1e-6) * contourInterval);
        heatmap.ManualRange = new ScottPlot.Range(-range, range);

        var spacing = 2.0 * extent / resolution;
        Coordinates ToPlane((double Column, double Row) p) => new(-extent + (p.Column + 0.5) * spacing, extent - (p.Row + 0.5) * spacing);
        for (var k = (int)Math.Ceiling(-largest / contourInterval); k <= (int)Math.Floor(largest / contourInterval); k++)
        {
            var lines = new ScottPlot.Plottables.ContourLines();
            plot.Add.Plottable(lines);
            lines.LineColor = ContourColor;
            lines.LineWidth = k == 0 ? ZeroContourWidth : ContourWidth;
            lines.LineStyle.Rounded = true;
            lines.LabelStyle.IsVisible = false;
            // Open paths even for loops (whose last point repeats the first): ScottPlot does not stroke a closed path's last side.
            foreach (var polyline in ContourTracer.Trace(distances, resolution, resolution, k * contourInterval))
            {
                lines.Lines.Add(new ContourLine(CoordinatePath.Open(polyline.Select(ToPlane)), k * contourInterval));
            }
        }

        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "signed distance";
        colorBar.LabelStyle.Bold = false;
        var (horizontal, vertical) = axis switch { SliceAxis.X => ("y", "z"), SliceAxis.Y => ("x", "z"), _ => ("x", "y") };
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"SDF at {axis.ToString().ToLowerInvariant()} = {position:0.###} (contours every {contourInterval:0.###}, zero bold)"));
        plot.XLabel(horizontal);
        plot.YLabel(vertical);
        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        plot.Axes.SquareUnits();
        plot.Axes.Margins(0, 0);
        return plot;
    }
}
