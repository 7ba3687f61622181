using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>Log-axis ticks: decades on long ranges, 1-2-5 where decades alone would be fewer than three; short labels.</summary>
public sealed class AxisTicksTests
{
    [Fact]
    public void LongRangesGetDecadesAndShortOnes125()
    {
        Assert.Equal(new[] { 1e-4, 1e-3, 1e-2, 1e-1, 1 }, AxisTicks.Logarithmic(-4.2, 0.1, 10), new ToleranceComparer());
        // 0.0015 … 0.5 holds only the decades 0.01 and 0.1: 2 and 5 join them.
        Assert.Equal(new[] { 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5 }, AxisTicks.Logarithmic(Math.Log10(0.0015), Math.Log10(0.5), 10), new ToleranceComparer());
        // Twelve decades with at most six ticks: every other decade.
        Assert.Equal(6, AxisTicks.Logarithmic(-11.5, 0.5, 6).Count);
    }

    [Fact]
    public void LabelsAreShort()
    {
        Assert.Equal("0.01", AxisTicks.Format(0.01));
        Assert.Equal("1e-5", AxisTicks.Format(1e-5));
        Assert.Equal("2.5e4", AxisTicks.Format(25000));
        Assert.Equal("0", AxisTicks.Format(0));
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));

        public int GetHashCode(double value) => 0;
    }
}
