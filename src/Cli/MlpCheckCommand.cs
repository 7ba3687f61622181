using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn mlp-check`: every fused pass on the device against the float64 reference, for each width and a set
/// of activation pairs. On CUDA the tolerance is 1e-4 (PTX's approximate exp/log and float32 sums).
/// </summary>
internal static class MlpCheckCommand
{
    public static int Run(DeviceKind kind, IReadOnlyList<int> widths, TextWriter output)
    {
        using var device = ComputeDevice.Open(kind);
        output.WriteLine($"device: {device.Description}");
        output.WriteLine($"{"width",5} {"hidden",-9} {"output",-9} {"layers",6} {"y",8} {"dL1/dx",8} {"dL1/dW",8} {"dL2/dx",8} {"dL2/db",8} {"dL2/dW",8}  status");
        var failures = 0;
        foreach (var width in widths)
        {
            foreach (var (hidden, outputActivation, layers) in new[] { ("ReLU", "None", 3), ("Softplus", "None", 2), ("Sine", "Softplus", 1), ("Tanh", "Sigmoid", 2), ("SiLU", "Softplus", 3) })
            {
                var errors = Check(device, width, hidden, outputActivation, layers);
                var ok = errors.All(e => e <= 1e-4);
                if (!ok) failures++;
                output.WriteLine($"{width,5} {hidden,-9} {outputActivation,-9} {layers,6} {string.Join(" ", errors.Select(e => $"{e,8:0.0e+0}"))}  {(ok ? "ok" : "FAIL")}");
            }
        }
        output.WriteLine(failures == 0 ? "all fused passes within 1e-4 of float64" : $"{failures} configurations FAILED");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Norm-relative errors of y, dL1/dx, dL1/dW, dL2/dx, dL2/db, dL2/dW at batch 64.</summary>
    private static double[] Check(ComputeDevice device, int width, string hidden, string outputName, int layers)
    {
        const int batch = 64, inputs = 16, outputs = 1;
        var layout = new MlpLayout(inputs, width, layers, outputs);
        var random = new Random(width + layers);
        var parameters = MlpInitialization.Create(layout, siren: hidden == "Sine", seed: width);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] x = Vector(batch * inputs), b = Vector(batch * outputs), g0 = Vector(batch * inputs);
        var a = device.Accelerator;
        var network = new FullyFusedMlp(device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(outputName));
        using var w = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g0);
        MemoryBuffer1D<float, Stride1D.Dense> Poisoned(long n) { var m = a.Allocate1D<float>(n); m.MemSet(0xFF); return m; }
        using var y = Poisoned(batch * outputs);
        using var dx = Poisoned(batch * inputs);
        using var dw = Poisoned(layout.ParameterCount);
        using var d2x = Poisoned(batch * inputs);
        using var d2b = Poisoned(batch * outputs);
        using var d2w = Poisoned(layout.ParameterCount);
        using (var context = network.Forward(w.View, input.View, y.View, batch))
        {
            network.Backward(context, w.View, input.View, outputGradient.View, dx.View, dw.View, GradientMode.Overwrite);
            network.BackwardBackwardInput(context, w.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2w.View, GradientMode.Overwrite);
        }
        a.Synchronize();

        var reference = new MlpReference(layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(outputName), [.. parameters.Select(p => (double)p)]);
        var expected = Enumerable.Range(0, 4).Select(_ => new List<double>()).ToArray();
        var expectedDw = new double[layout.ParameterCount];
        var expectedD2w = new double[layout.ParameterCount];
        for (var s = 0; s < batch; s++)
        {
            double[] Row(float[] data, int n) => [.. data.Skip(s * n).Take(n).Select(v => (double)v)];
            expected[0].AddRange(reference.Forward(Row(x, inputs)));
            expected[1].AddRange(reference.Backward(Row(x, inputs), Row(b, outputs), expectedDw));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(Row(x, inputs), Row(b, outputs), Row(g0, inputs), expectedD2w);
            expected[2].AddRange(inputGradient);
            expected[3].AddRange(outputGradientGradient);
        }
        return
        [
            Relative(expected[0], y.GetAsArray1D()), Relative(expected[1], dx.GetAsArray1D()), Relative(expectedDw, dw.GetAsArray1D()),
            Relative(expected[2], d2x.GetAsArray1D()), Relative(expected[3], d2b.GetAsArray1D()), Relative(expectedD2w, d2w.GetAsArray1D()),
        ];
    }

    /// <summary>‖actual − expected‖ / ‖expected‖; NaN (an unwritten or broken element) makes it +∞.</summary>
    public static double Relative(IReadOnlyList<double> expected, float[] actual)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.PositiveInfinity;
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-30);
    }
}
