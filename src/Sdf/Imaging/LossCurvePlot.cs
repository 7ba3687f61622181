using ScottPlot;
using ScottPlot.TickGenerators;

namespace TinyNN.Imaging;

/// <summary>
/// Training curves (loss per step) on a logarithmic y axis, drawn with ScottPlot: decade ticks labelled with their
/// values (and 2 and 5 between them on short ranges), minor ticks at 2..9 per decade, grid, title and legend.
/// Values that are not positive and finite cannot sit on a log axis: they leave a gap in their line.
/// </summary>
/// <remarks>The plot's y coordinate is log10 of the value, so <c>plot.GetPixel(new(step, Math.Log10(value)))</c> finds a value's pixel.</remarks>
public static class LossCurvePlot
{
    /// <summary>Line width of the curves (before the image's scale).</summary>
    public const float LineWidth = 2;

    /// <summary>Series colours in order (matplotlib's "tab10"); series beyond ten reuse them.</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"), Color.FromHex("#9467bd"),
        Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>
    /// The figure of each series' values against the step (value i at step i · <paramref name="stepInterval"/>);
    /// render it with <see cref="PlotRendering"/>.
    /// </summary>
    /// <param name="series">Named curves, drawn in <see cref="Palette"/> order.</param>
    /// <param name="title">Title drawn above the plot.</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="stepInterval">Steps between consecutive values (e.g. 10 when the loss was logged every 10 steps).</param>
    /// <exception cref="ArgumentException">No series, a null name or value list, an interval out of range, or no positive finite value at all.</exception>
    public static Plot Create(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string title = "Loss", string xLabel = "step",
        double stepInterval = 1)
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
        if (!(stepInterval > 0) || !double.IsFinite(stepInterval))
        {
            throw new ArgumentOutOfRangeException(nameof(stepInterval), $"step interval must be a positive finite number (got {stepInterval})");
        }
        var (logLow, logHigh) = LogRange(series);

        var plot = new Plot();
        for (var s = 0; s < series.Count; s++) AddSeries(plot, series[s].Name, series[s].Values, Palette[s % Palette.Count], stepInterval);
        plot.Axes.Left.TickGenerator = LogTicks(logLow, logHigh);
        var lastStep = Math.Max(1, series.Max(s => s.Values.Count) - 1) * stepInterval;
        plot.Axes.SetLimits(0, lastStep, logLow, logHigh);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("loss (log scale)");
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot;
    }

    /// <summary>Major ticks at AxisTicks' log values, labelled with the value; minor ticks at the rest of 2..9 × each decade.</summary>
    private static NumericManual LogTicks(double logLow, double logHigh)
    {
        var ticks = new NumericManual();
        var majors = new List<double>();
        foreach (var value in AxisTicks.Logarithmic(logLow, logHigh, maxTicks: 10))
        {
            majors.Add(Math.Log10(value));
            ticks.AddMajor(Math.Log10(value), AxisTicks.Format(value));
        }
        for (var decade = (int)Math.Floor(logLow); decade <= (int)Math.Ceiling(logHigh); decade++)
        {
            for (var m = 2; m <= 9; m++)
            {
                var position = decade + Math.Log10(m);
                if (position > logLow && position < logHigh && !majors.Any(p => Math.Abs(p - position) < 1e-9)) ticks.AddMinor(position);
            }
        }
        return ticks;
    }

    /// <summary>One scatter line per run of plottable values (a lone value is a dot); only the first carries the legend entry.</summary>
    private static void AddSeries(Plot plot, string name, IReadOnlyList<double> values, Color color, double stepInterval)
    {
        var named = false;
        for (var start = 0; start < values.Count;)
        {
            if (!Plottable(values[start]))
            {
                start++;
                continue;
            }
            var end = start;
            while (end + 1 < values.Count && Plottable(values[end + 1])) end++;
            var xs = Enumerable.Range(start, end - start + 1).Select(i => i * stepInterval).ToArray();
            var ys = Enumerable.Range(start, end - start + 1).Select(i => Math.Log10(values[i])).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = LineWidth;
            line.MarkerSize = xs.Length == 1 ? 2 * LineWidth : 0;
            if (!named) line.LegendText = name;
            named = true;
            start = end + 1;
        }
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
        if (low > high) throw new ArgumentException("no series has a positive finite value to draw on a logarithmic axis", nameof(series));
        if (high - low < 1e-9) return (low - 0.5, high + 0.5);
        var pad = 0.05 * (high - low);
        return (low - pad, high + pad);
    }

    private static bool Plottable(double value) => value > 0 && double.IsFinite(value);
}
