using ILGPU;
using ILGPU.Runtime;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// Runs every pass of a <see cref="GridEncoding"/> on its device (outputs poisoned with NaN first) and compares
/// each result with <see cref="GridEncodingReference"/> at float32 positions, the kernels' own cells: the one check
/// shared by the tests and any device check (CUDA included).
/// </summary>
public static class GridPassCheck
{
    /// <summary>What each error measures, in the order <see cref="Run"/> returns them.</summary>
    public static readonly string[] Names = ["y", "dL1/dx", "dL1/dθ", "dL2/dx", "dL2/d(dL1/dy)", "dL2/dθ"];

    /// <summary>
    /// ‖device − reference‖ / ‖reference‖ per output of <see cref="Names"/>; +∞ where a value is not finite or a
    /// padding column of y or dL₂/d(dL₁/dy) is not exactly 0. <paramref name="b"/> is [batch, PaddedOutputWidth]
    /// (its padding columns are ignored, so NaN there checks that); <paramref name="x"/> and <paramref name="g"/> [batch, D].
    /// </summary>
    public static double[] Run(GridEncoding encoding, float[] parameters, float[] x, float[] b, float[] g, int batch)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(g);
        var a = encoding.Device.Accelerator;
        var layout = encoding.Layout;
        int dims = encoding.InputWidth, width = encoding.PaddedOutputWidth;
        using var w = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g);
        MemoryBuffer1D<float, Stride1D.Dense> Poisoned(long n) { var m = a.Allocate1D<float>(n); m.MemSet(0xFF); return m; }
        using var y = Poisoned((long)batch * width);
        using var dx = Poisoned((long)batch * dims);
        using var dw = Poisoned(layout.ParameterCount);
        using var d2x = Poisoned((long)batch * dims);
        using var d2b = Poisoned((long)batch * width);
        using var d2w = Poisoned(layout.ParameterCount);
        encoding.Forward(w.View, input.View, y.View, batch);
        encoding.Backward(w.View, input.View, outputGradient.View, dx.View, dw.View, GradientMode.Overwrite, batch);
        encoding.BackwardBackwardInput(w.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2w.View,
            GradientMode.Overwrite, batch);
        a.Synchronize();

        var reference = new GridEncodingReference(layout, encoding.Interpolation, [.. parameters.Select(p => (double)p)]);
        var expected = Enumerable.Range(0, 4).Select(_ => new List<double>()).ToArray();
        var expectedDw = new double[layout.ParameterCount];
        var expectedD2w = new double[layout.ParameterCount];
        for (var s = 0; s < batch; s++)
        {
            double[] Row(float[] data, int stride, int n) => [.. data.Skip(s * stride).Take(n).Select(v => (double)v)];
            double[] xs = Row(x, dims, dims), bs = Row(b, width, layout.OutputWidth);
            expected[0].AddRange(Padded(reference.Forward(xs), width));
            expected[1].AddRange(reference.Backward(xs, bs, expectedDw));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(xs, bs, Row(g, dims, dims), expectedD2w);
            expected[2].AddRange(inputGradient);
            expected[3].AddRange(Padded(outputGradientGradient, width));
        }
        double Rows(List<double> rows, float[] actual) =>
            actual.Where((_, i) => i % width >= layout.OutputWidth).All(v => v == 0f) ? RelativeError.Of(rows, actual) : double.PositiveInfinity;
        return
        [
            Rows(expected[0], y.GetAsArray1D()), RelativeError.Of(expected[1], dx.GetAsArray1D()), RelativeError.Of(expectedDw, dw.GetAsArray1D()),
            RelativeError.Of(expected[2], d2x.GetAsArray1D()), Rows(expected[3], d2b.GetAsArray1D()), RelativeError.Of(expectedD2w, d2w.GetAsArray1D()),
        ];
    }

    /// <summary>The reference's row followed by its padding columns (0).</summary>
    private static IEnumerable<double> Padded(double[] row, int width) => row.Concat(Enumerable.Repeat(0.0, width - row.Length));
}
