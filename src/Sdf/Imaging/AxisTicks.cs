using System.Globalization;

namespace TinyNN.Imaging;

/// <summary>Tick positions and labels for plot axes: 1, 2, 5 × 10^k on linear axes, decades (and 2, 5 between them on short ranges) on log axes.</summary>
internal static class AxisTicks
{
    /// <summary>About <paramref name="target"/> evenly spaced round values in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static List<double> Linear(double low, double high, int target)
    {
        var span = high - low;
        if (!(span > 0)) return [low];
        var raw = span / Math.Max(target, 1);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
        var ticks = new List<double>();
        for (var k = Math.Ceiling(low / step - 1e-9); k * step <= high + 1e-9 * step; k++) ticks.Add(k * step);
        return ticks;
    }

    /// <summary>Tick values for a log axis spanning log10 values [<paramref name="low"/>, <paramref name="high"/>], at most <paramref name="maxTicks"/> of them.</summary>
    public static List<double> Logarithmic(double low, double high, int maxTicks)
    {
        var ticks = new List<double>();
        var decades = high - low;
        int[] mantissas = decades < 2 ? [1, 2, 5] : [1];
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
