namespace TinyNN.Imaging;

/// <summary>
/// A line plot of training curves (loss per step) on a logarithmic y axis, with axes, ticks, grid, title and
/// legend. Values that are not positive and finite cannot sit on a log axis: they leave a gap in their line.
/// </summary>
public static class LossCurvePlot
{
    /// <summary>The smallest width accepted.</summary>
    public const int MinWidth = 200;

    /// <summary>The smallest height accepted.</summary>
    public const int MinHeight = 150;

    /// <summary>Line width of the curves in pixels.</summary>
    public const float LineWidth = 2;

    /// <summary>Series colours in order (matplotlib's "tab10"); series beyond ten reuse them.</summary>
    public static IReadOnlyList<Rgb> Palette { get; } =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    private static readonly Rgb Background = Rgb.White, Ink = new(30, 30, 30), Grid = new(225, 225, 225), Frame = new(160, 160, 160);
    private const int Left = 56, Right = 16, Top = 34, Bottom = 40, TickLength = 4;

    /// <summary>
    /// Draws each series' values against the step (value i at step i · <paramref name="stepInterval"/>).
    /// </summary>
    /// <param name="series">Named curves, drawn in <see cref="Palette"/> order.</param>
    /// <param name="width">Image width, ≥ <see cref="MinWidth"/>.</param>
    /// <param name="height">Image height, ≥ <see cref="MinHeight"/>.</param>
    /// <param name="title">Title drawn above the plot.</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="stepInterval">Steps between consecutive values (e.g. 10 when the loss was logged every 10 steps).</param>
    /// <exception cref="ArgumentException">No series, a null name or value list, a size or interval out of range, or no positive finite value at all.</exception>
    public static RgbImage Render(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int width, int height,
        string title = "Loss", string xLabel = "step", double stepInterval = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        if (series.Count == 0) throw new ArgumentException("a loss plot needs at least one series (got 0)", nameof(series));
        for (var s = 0; s < series.Count; s++)
        {
            if (series[s].Name is null) throw new ArgumentException($"series {s} has no name", nameof(series));
            if (series[s].Values is null) throw new ArgumentException($"series {s} ('{series[s].Name}') has no values", nameof(series));
        }
        if (width is < MinWidth or > RgbImage.MaxSide) throw new ArgumentOutOfRangeException(nameof(width), $"loss plot width must be {MinWidth}..{RgbImage.MaxSide} (got {width})");
        if (height is < MinHeight or > RgbImage.MaxSide) throw new ArgumentOutOfRangeException(nameof(height), $"loss plot height must be {MinHeight}..{RgbImage.MaxSide} (got {height})");
        if (!(stepInterval > 0) || !double.IsFinite(stepInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(stepInterval), $"step interval must be a positive finite number (got {stepInterval})");
        }

        var (logLow, logHigh) = LogRange(series);
        var lastStep = Math.Max(1, series.Max(s => s.Values.Count) - 1) * stepInterval;
        int x0 = Left, x1 = width - Right, y0 = Top, y1 = height - Bottom;
        float X(double step) => (float)(x0 + step / lastStep * (x1 - x0));
        float Y(double value) => (float)(y1 - (Math.Log10(value) - logLow) / (logHigh - logLow) * (y1 - y0));

        var image = new RgbImage(width, height);
        image.Fill(Background);
        foreach (var tick in AxisTicks.Logarithmic(logLow, logHigh, (y1 - y0) / 18))
        {
            var y = Crisp(Y(tick));
            image.DrawLine(x0, y, x1, y, Grid);
            image.DrawLine(x0 - TickLength, y, x0, y, Ink);
            var label = AxisTicks.Format(tick);
            image.DrawText(x0 - TickLength - 2 - BitmapFont.MeasureWidth(label), (int)y - BitmapFont.GlyphHeight / 2, label, Ink);
        }
        foreach (var tick in AxisTicks.Linear(0, lastStep, Math.Max(2, (x1 - x0) / 70)))
        {
            var x = Crisp(X(tick));
            image.DrawLine(x, y0, x, y1, Grid);
            image.DrawLine(x, y1, x, y1 + TickLength, Ink);
            var label = AxisTicks.Format(tick);
            image.DrawText((int)x - BitmapFont.MeasureWidth(label) / 2, y1 + TickLength + 3, label, Ink);
        }
        image.DrawLine(x0 + 0.5f, y0, x0 + 0.5f, y1 + 1, Ink);
        image.DrawLine(x0, y1 + 0.5f, x1 + 1, y1 + 0.5f, Ink);
        image.DrawLine(x0, y0 + 0.5f, x1 + 1, y0 + 0.5f, Frame);
        image.DrawLine(x1 + 0.5f, y0, x1 + 0.5f, y1 + 1, Frame);

        for (var s = 0; s < series.Count; s++) DrawSeries(image, series[s].Values, Palette[s % Palette.Count], X, Y, stepInterval);

        image.DrawText((width - BitmapFont.MeasureWidth(title, 2)) / 2, 8, title, Ink, 2);
        image.DrawText((x0 + x1 - BitmapFont.MeasureWidth(xLabel)) / 2, height - BitmapFont.GlyphHeight - 6, xLabel, Ink);
        DrawLegend(image, series, x1);
        return image;
    }

    /// <summary>log10 of the smallest and largest positive finite values, padded by 5% (half a decade each way for a flat curve).</summary>
    private static (double Low, double High) LogRange(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var (_, values) in series)
        {
            foreach (var v in values)
            {
                if (!Plottable(v)) continue;
                low = Math.Min(low, Math.Log10(v));
                high = Math.Max(high, Math.Log10(v));
            }
        }
        if (low > high)
        {
            throw new ArgumentException("no series has a positive finite value to draw on a logarithmic axis", nameof(series));
        }
        if (high - low < 1e-9) return (low - 0.5, high + 0.5);
        var pad = 0.05 * (high - low);
        return (low - pad, high + pad);
    }

    private static void DrawSeries(RgbImage image, IReadOnlyList<double> values, Rgb color, Func<double, float> x, Func<double, float> y, double stepInterval)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!Plottable(values[i])) continue;
            float px = x(i * stepInterval), py = y(values[i]);
            var previousPlottable = i > 0 && Plottable(values[i - 1]);
            var nextPlottable = i + 1 < values.Count && Plottable(values[i + 1]);
            if (previousPlottable) image.DrawLine(x((i - 1) * stepInterval), y(values[i - 1]), px, py, color, LineWidth);
            else if (!nextPlottable) image.DrawLine(px - 1.5f, py, px + 1.5f, py, color, 3); // an isolated value: a dot
        }
    }

    private static void DrawLegend(RgbImage image, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int plotRight)
    {
        const int swatch = 16, padding = 5, rowHeight = 12;
        var textWidth = series.Max(s => BitmapFont.MeasureWidth(s.Name));
        var boxWidth = padding * 3 + swatch + textWidth;
        var boxHeight = padding * 2 + series.Count * rowHeight - (rowHeight - BitmapFont.GlyphHeight);
        int left = plotRight - 8 - boxWidth, top = Top + 8;
        image.FillRectangle(left, top, boxWidth, boxHeight, Background);
        image.DrawLine(left + 0.5f, top + 0.5f, left + boxWidth - 0.5f, top + 0.5f, Frame);
        image.DrawLine(left + 0.5f, top + boxHeight - 0.5f, left + boxWidth - 0.5f, top + boxHeight - 0.5f, Frame);
        image.DrawLine(left + 0.5f, top + 0.5f, left + 0.5f, top + boxHeight - 0.5f, Frame);
        image.DrawLine(left + boxWidth - 0.5f, top + 0.5f, left + boxWidth - 0.5f, top + boxHeight - 0.5f, Frame);
        for (var s = 0; s < series.Count; s++)
        {
            var y = top + padding + s * rowHeight;
            var centre = y + BitmapFont.GlyphHeight / 2f;
            image.DrawLine(left + padding, centre, left + padding + swatch, centre, Palette[s % Palette.Count], LineWidth);
            image.DrawText(left + padding * 2 + swatch, y, series[s].Name, Ink);
        }
    }

    private static bool Plottable(double value) => value > 0 && double.IsFinite(value);

    /// <summary>The centre of the pixel containing <paramref name="coordinate"/>, so that a 1-pixel line covers one pixel row or column.</summary>
    private static float Crisp(float coordinate) => MathF.Floor(coordinate) + 0.5f;
}
