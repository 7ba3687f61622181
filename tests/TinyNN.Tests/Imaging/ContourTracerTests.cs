using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>Marching squares: points on the level set, loops closed, lines open at the border, saddles split, bad grids refused.</summary>
public sealed class ContourTracerTests
{
    [Fact]
    public void ACircleIsOneClosedLoopOnTheCircle()
    {
        const int n = 41;
        var values = new float[n * n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++) values[r * n + c] = MathF.Sqrt((c - 20f) * (c - 20f) + (r - 20f) * (r - 20f));
        }
        var loop = Assert.Single(ContourTracer.Trace(values, n, n, 12.3));
        Assert.Equal(loop[0], loop[^1]);
        Assert.True(loop.Length > 60, $"{loop.Length} points");
        // Linear interpolation of a cone's distance along an edge is exact up to the cone's curvature across one cell.
        Assert.All(loop, p => Assert.InRange(Math.Sqrt((p.Column - 20) * (p.Column - 20) + (p.Row - 20) * (p.Row - 20)), 12.3 - 0.05, 12.3 + 0.05));
        // Consecutive points are neighbours (one cell apart at most): the loop is chained in order.
        for (var i = 1; i < loop.Length; i++) Assert.True(Math.Abs(loop[i].Column - loop[i - 1].Column) <= 1 && Math.Abs(loop[i].Row - loop[i - 1].Row) <= 1);
    }

    [Fact]
    public void AStraightLevelAcrossTheGridIsOneOpenLine()
    {
        const int columns = 8, rows = 5;
        var values = new float[columns * rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) values[r * columns + c] = c + 0.5f * r;
        }
        var line = Assert.Single(ContourTracer.Trace(values, columns, rows, 3.25));
        Assert.NotEqual(line[0], line[^1]);
        Assert.All(line, p => Assert.Equal(3.25, p.Column + 0.5 * p.Row, 9));
        // It runs from the top row to the bottom one (in either direction).
        Assert.Equal([0.0, rows - 1.0], new[] { line[0].Row, line[^1].Row }.Order());
    }

    [Fact]
    public void ASaddleGivesTwoSeparateLines()
    {
        // High at two opposite corners: the centre (the mean, 0.5) is below 0.6, so the high corners are cut off apart.
        float[] values = [1, 0, 0, 1];
        var lines = ContourTracer.Trace(values, 2, 2, 0.6);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.Length));
        Assert.Contains(lines, l => l.Contains((0.4, 0.0)) && l.Contains((0.0, 0.4)));
        Assert.Contains(lines, l => l.Contains((1.0, 0.6)) && l.Contains((0.6, 1.0)));
    }

    [Fact]
    public void BadGridsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ContourTracer.Trace(new float[3], 3, 1, 0));
        var size = Assert.Throws<ArgumentException>(() => ContourTracer.Trace(new float[5], 2, 2, 0));
        Assert.Contains("(got 5)", size.Message);
        Assert.Throws<ArgumentException>(() => ContourTracer.Trace([0, 1, float.NaN, 1], 2, 2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContourTracer.Trace(new float[4], 2, 2, double.NaN));
        Assert.Empty(ContourTracer.Trace(new float[4], 2, 2, 1));
    }
}
