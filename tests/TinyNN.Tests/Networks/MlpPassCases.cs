using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The shared check of every MLP pass (forward, backward dL/dx and dL/dW, backward-backward dL₂/dx, dL₂/d(dL₁/dy),
/// dL₂/dW) against the float64 reference, outputs poisoned with NaN first (MlpPassCheck).
/// Tolerance: ‖float32 − reference‖ / ‖reference‖ ≤ 2e-5 (float32 sums of ≤ 128 products per neuron, ≤ 4 matrices deep,
/// accurate device activations within 1e-6).
/// </summary>
internal static class MlpPassCases
{
    public const double Tolerance = 2e-5;
    public static readonly string[] Hidden = ["ReLU", "Softplus", "Sine", "Tanh", "SiLU"];
    public static readonly string[] Output = ["None", "Softplus"];

    /// <summary>Every hidden × output activation pair at each width, 1 to 3 hidden layers in turn.</summary>
    public static TheoryData<int, string, string, int> Matrix(params int[] widths)
    {
        var data = new TheoryData<int, string, string, int>();
        var i = 0;
        foreach (var width in widths)
        {
            foreach (var h in Hidden)
            {
                foreach (var o in Output) data.Add(width, h, o, 1 + i++ % 3);
            }
        }
        return data;
    }

    public static void AssertMatchesReference(ComputeDevice device, bool fused, int width, string hidden, string output, int layers,
        int inputs = 3, int outputs = 2, int batch = 5)
    {
        var layout = new MlpLayout(inputs, width, layers, outputs);
        MlpNetwork network = fused
            ? new FullyFusedMlp(device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(output))
            : new Mlp(device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(output));
        AssertMatchesReference(network, batch);
    }

    public static void AssertMatchesReference(MlpNetwork network, int batch)
    {
        var layout = network.Layout;
        var random = new Random(layout.Width * 100 + layout.HiddenLayers);
        var parameters = MlpInitialization.Create(layout, siren: false, seed: layout.Width + layout.HiddenLayers);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var x = Vector(batch * layout.InputWidth);
        var b = Vector(batch * layout.OutputWidth);
        var g0 = Vector(batch * layout.InputWidth);
        var errors = MlpPassCheck.Run(network, parameters, x, b, g0, batch);
        for (var i = 0; i < errors.Length; i++)
        {
            Assert.True(errors[i] <= Tolerance, $"{MlpPassCheck.Names[i]}: relative error {errors[i]:0.0e+0} (∞: NaN, never written)");
        }
    }
}
