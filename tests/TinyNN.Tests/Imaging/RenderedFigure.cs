using ScottPlot;
using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>A ScottPlot figure rendered by PlotRendering and read back through the tests' own PNG decoder.</summary>
internal sealed class RenderedFigure
{
    private readonly PngTestDecoder.Image image;
    private readonly int channels;

    public RenderedFigure(Plot plot, int width, int height)
    {
        Plot = plot;
        image = PngTestDecoder.Decode(PlotRendering.EncodePng(plot, width, height));
        channels = image.ColorType == 6 ? 4 : 3;
    }

    public Plot Plot { get; }

    public int Width => image.Width;

    public int Height => image.Height;

    public Rgb this[int x, int y]
    {
        get
        {
            var i = channels * (y * image.Width + x);
            return new Rgb(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
        }
    }

    /// <summary>The pixel at plot coordinates (x, y), as the rendered layout places it.</summary>
    public (int X, int Y) PixelAt(double x, double y)
    {
        var pixel = Plot.GetPixel(new Coordinates(x, y));
        return ((int)MathF.Floor(pixel.X), (int)MathF.Floor(pixel.Y));
    }

    /// <summary>The colour at plot coordinates (x, y).</summary>
    public Rgb At(double x, double y)
    {
        var (px, py) = PixelAt(x, y);
        return this[px, py];
    }

    /// <summary>The darkest luminance within <paramref name="radius"/> pixels of plot coordinates (x, y).</summary>
    public double DarkestNear(double x, double y, int radius)
    {
        var (px, py) = PixelAt(x, y);
        var darkest = double.MaxValue;
        for (var dy = -radius; dy <= radius; dy++)
        {
            for (var dx = -radius; dx <= radius; dx++) darkest = Math.Min(darkest, Luminance(this[px + dx, py + dy]));
        }
        return darkest;
    }

    /// <summary>
    /// The mean row of the data area's pixels in column <paramref name="x"/> within <paramref name="tolerance"/> of
    /// <paramref name="color"/> (per channel), weighted by closeness.
    /// </summary>
    public double RowOf(Color color, int x, int tolerance = 40)
    {
        var limits = Plot.Axes.GetLimits();
        int top = PixelAt(limits.Left, limits.Top).Y, bottom = PixelAt(limits.Left, limits.Bottom).Y;
        double weight = 0, sum = 0;
        for (var y = Math.Max(top, 0); y <= Math.Min(bottom, Height - 1); y++)
        {
            var p = this[x, y];
            var distance = Math.Max(Math.Abs(p.R - color.R), Math.Max(Math.Abs(p.G - color.G), Math.Abs(p.B - color.B)));
            if (distance > tolerance) continue;
            var w = 1 - distance / (double)(tolerance + 1);
            weight += w;
            sum += w * (y + 0.5);
        }
        Assert.True(weight > 0, $"no pixel of colour {color} in column {x}");
        return sum / weight;
    }

    public static double Luminance(Rgb p) => 0.299 * p.R + 0.587 * p.G + 0.114 * p.B;
}
