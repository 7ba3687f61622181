using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn mlp-check`: every pass of FullyFusedMlp (at the widths it has) and Mlp (at every width) on the device
/// against the float64 reference, for a set of activation pairs. Tolerance 1e-4 (PTX's approximate exp/log and
/// float32 sums).
/// </summary>
internal static class MlpCheckCommand
{
    public static int Run(DeviceKind kind, IReadOnlyList<int> widths, TextWriter output)
    {
        using var device = ComputeDevice.Open(kind);
        output.WriteLine($"device: {device.Description}");
        output.WriteLine($"{"network",-13} {"width",5} {"hidden",-9} {"output",-9} {"layers",6} {"y",8} {"dL1/dx",8} {"dL1/dW",8} {"dL2/dx",8} {"dL2/db",8} {"dL2/dW",8}  status");
        var failures = 0;
        foreach (var width in widths)
        {
            foreach (var (hidden, outputActivation, layers) in new[] { ("ReLU", "None", 3), ("Softplus", "None", 2), ("Sine", "Softplus", 1), ("Tanh", "Sigmoid", 2), ("SiLU", "Softplus", 3) })
            {
                foreach (var fused in FullyFusedMlp.SupportedWidths.Contains(width) ? new[] { true, false } : [false])
                {
                    var (errors, label) = Check(device, fused, width, hidden, outputActivation, layers);
                    var ok = errors.All(e => e <= 1e-4);
                    if (!ok) failures++;
                    output.WriteLine($"{label,-13} {width,5} {hidden,-9} {outputActivation,-9} {layers,6} {string.Join(" ", errors.Select(e => $"{e,8:0.0e+0}"))}  {(ok ? "ok" : "FAIL")}");
                }
            }
        }
        output.WriteLine(failures == 0 ? "all passes within 1e-4 of float64" : $"{failures} configurations FAILED");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Norm-relative errors of y, dL1/dx, dL1/dW, dL2/dx, dL2/db, dL2/dW at batch 64.</summary>
    private static (double[] Errors, string Label) Check(ComputeDevice device, bool fused, int width, string hidden, string outputName, int layers)
    {
        const int batch = 64, inputs = 16, outputs = 1;
        var layout = new MlpLayout(inputs, width, layers, outputs);
        var random = new Random(width + layers);
        var parameters = MlpInitialization.Create(layout, siren: hidden == "Sine", seed: width);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] x = Vector(batch * inputs), b = Vector(batch * outputs), g0 = Vector(batch * inputs);
        MlpNetwork network = fused
            ? new FullyFusedMlp(device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(outputName))
            : new Mlp(device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(outputName));
        var label = network is FullyFusedMlp f ? f.IsFused ? "FullyFusedMlp" : "FFMlp(layers)" : "Mlp";
        return (MlpPassCheck.Run(network, parameters, x, b, g0, batch), label);
    }
}
