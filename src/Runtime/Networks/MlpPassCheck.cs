using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// Runs every fused pass on a device (outputs poisoned with NaN first) and compares each result with
/// <see cref="MlpReference"/>: the one check shared by the tests and `tinynn mlp-check`.
/// </summary>
public static class MlpPassCheck
{
    /// <summary>What each error measures, in the order <see cref="Run"/> returns them.</summary>
    public static readonly string[] Names = ["y", "dL1/dx", "dL1/dW", "dL2/dx", "dL2/d(dL1/dy)", "dL2/dW"];

    /// <summary>‖fused − reference‖ / ‖reference‖ per output of <see cref="Names"/>; +∞ where an element is not finite.</summary>
    public static double[] Run(MlpNetwork network, float[] parameters, float[] x, float[] b, float[] g0, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        var a = network.Device.Accelerator;
        var layout = network.Layout;
        using var w = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g0);
        MemoryBuffer1D<float, Stride1D.Dense> Poisoned(long n) { var m = a.Allocate1D<float>(n); m.MemSet(0xFF); return m; }
        using var y = Poisoned((long)batch * layout.OutputWidth);
        using var dx = Poisoned((long)batch * layout.InputWidth);
        using var dw = Poisoned(layout.ParameterCount);
        using var d2x = Poisoned((long)batch * layout.InputWidth);
        using var d2b = Poisoned((long)batch * layout.OutputWidth);
        using var d2w = Poisoned(layout.ParameterCount);
        using (var context = network.Forward(w.View, input.View, y.View, batch))
        {
            network.Backward(context, w.View, input.View, outputGradient.View, dx.View, dw.View, GradientMode.Overwrite);
            network.BackwardBackwardInput(context, w.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2w.View, GradientMode.Overwrite);
        }
        a.Synchronize();

        var reference = new MlpReference(layout, network.Activation, network.OutputActivation, [.. parameters.Select(p => (double)p)]);
        var expected = Enumerable.Range(0, 4).Select(_ => new List<double>()).ToArray();
        var expectedDw = new double[layout.ParameterCount];
        var expectedD2w = new double[layout.ParameterCount];
        for (var s = 0; s < batch; s++)
        {
            double[] Row(float[] data, int n) => [.. data.Skip(s * n).Take(n).Select(v => (double)v)];
            double[] xs = Row(x, layout.InputWidth), bs = Row(b, layout.OutputWidth);
            expected[0].AddRange(reference.Forward(xs));
            expected[1].AddRange(reference.Backward(xs, bs, expectedDw));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(xs, bs, Row(g0, layout.InputWidth), expectedD2w);
            expected[2].AddRange(inputGradient);
            expected[3].AddRange(outputGradientGradient);
        }
        return
        [
            RelativeError.Of(expected[0], y.GetAsArray1D()), RelativeError.Of(expected[1], dx.GetAsArray1D()), RelativeError.Of(expectedDw, dw.GetAsArray1D()),
            RelativeError.Of(expected[2], d2x.GetAsArray1D()), RelativeError.Of(expected[3], d2b.GetAsArray1D()), RelativeError.Of(expectedD2w, d2w.GetAsArray1D()),
        ];
    }
}
