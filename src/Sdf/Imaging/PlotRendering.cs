using ScottPlot;

namespace TinyNN.Imaging;

/// <summary>
/// How TinyNN's ScottPlot figures are rendered to PNG: a sans-serif font when the machine has one, and text and lines
/// scaled with the image, so a 1024-pixel figure reads like a 512-pixel one printed twice as large.
/// </summary>
public static class PlotRendering
{
    /// <summary>The smallest side accepted for a rendered figure.</summary>
    public const int MinSide = 64;

    /// <summary>The largest side accepted for a rendered figure.</summary>
    public const int MaxSide = 8192;

    /// <summary>The side of a square figure (the geometric mean of width and height) at which ScottPlot's own sizes (fonts, line widths) are used unscaled.</summary>
    public const int ReferenceSide = 490;

    // Tried in order; ScottPlot's own default (whatever the system offers) when none is installed.
    private static readonly string[] SansSerifFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];
    private static readonly Lazy<string?> SansSerif = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return SansSerifFonts.FirstOrDefault(installed.Contains);
    });

    /// <summary>Renders <paramref name="plot"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is outside <see cref="MinSide"/>..<see cref="MaxSide"/>.</exception>
    public static byte[] EncodePng(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSide(width, nameof(width));
        CheckSide(height, nameof(height));
        if (SansSerif.Value is { } font)
        {
            plot.Font.Set(font);
            // Plot.Font leaves the colour bars' labels in ScottPlot's default face.
            foreach (var bar in plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>())
            {
                bar.LabelStyle.FontName = font;
                bar.Axis.TickLabelStyle.FontName = font;
            }
        }
        plot.ScaleFactor = MathF.Sqrt((float)width * height) / ReferenceSide;
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Renders <paramref name="plot"/> to <paramref name="path"/> (written to a temporary file, then renamed).</summary>
    public static void SavePng(Plot plot, string path, int width, int height) => AtomicFile.Write(path, EncodePng(plot, width, height));

    private static void CheckSide(int side, string name)
    {
        if (side is < MinSide or > MaxSide) throw new ArgumentOutOfRangeException(name, $"figure {name} must be {MinSide}..{MaxSide} pixels (got {side})");
    }
}
