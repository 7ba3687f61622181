using System.Globalization;

namespace TinyNN.Imaging;

/// <summary>Tick values and labels for log axes (ScottPlot chooses linear ones): decades, and 2 and 5 between them on short ranges.</summary>
internal static class AxisTicks
{
    /// <summary>
    /// Tick values for a log axis spanning log10 values [<paramref name="low"/>, <paramref name="high"/>], at most
    /// <paramref name="maxTicks"/> of them: decades, or 1, 2 and 5 per decade where decades alone would give fewer than three.
    /// </summary>
    public static List<double> Logarithmic(double low, double high, int maxTicks)
    {
        var decades = Ticks([1]);
        return decades.Count >= 3 ? decades : Ticks([1, 2, 5]);

        List<double> Ticks(int[] mantissas)
        {
            var ticks = new List<double>();
            var stride = Math.Max(1, (int)Math.Ceiling((Math.Floor(high) - Math.Ceiling(low) + 1) * mantissas.Length / (double)Math.Max(maxTicks, 1)));
            for (var e = (int)Math.Floor(low); e <= (int)Math.Ceiling(high); e++)
            {
                if (mantissas.Length == 1 && ((e % stride) + stride) % stride != 0) continue;
                foreach (var m in mantissas)
                {
                    var value = m * Math.Pow(10, e);
                    var position = Math.Log10(value);
                    if (position >= low - 1e-9 && position <= high + 1e-9) ticks.Add(value);
                }
            }
            return ticks;
        }
    }

    /// <summary>A short label: plain decimals for 0.001 ≤ |v| &lt; 10⁴, otherwise mantissa e exponent (e.g. 1e-5, 2.5e4).</summary>
    public static string Format(double value)
    {
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e4) return value.ToString("0.###", CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = value / Math.Pow(10, exponent);
        return mantissa.ToString("0.##", CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
