using TinyNN.Activations;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// Every fused pass on ILGPU's CPU accelerator against the float64 reference: forward, backward (dL/dx, dL/dW)
/// and backward-backward (dL₂/dx, dL₂/d(dL₁/dy), dL₂/dW), for each width, several activations, a linear and a
/// nonlinear output activation, and 1 to 3 hidden layers. Outputs are poisoned with NaN before each run.
/// Tolerance: ‖fused − reference‖ / ‖reference‖ ≤ 2e-5 (float32 sums of ≤ 128 products per neuron, a few layers deep).
/// </summary>
public sealed class FullyFusedMlpTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    private const double Tolerance = 2e-5;
    private const int Batch = 5, Inputs = 3, Outputs = 2;

    public static TheoryData<int, string, string, int> Cases()
    {
        var data = new TheoryData<int, string, string, int>();
        var hidden = new[] { "ReLU", "Softplus", "Sine", "Tanh", "SiLU" };
        var output = new[] { "None", "Softplus" };
        var i = 0;
        // Every activation pair at widths 16 and 32; width 64 once (its unrolled kernels take ILGPU's CPU backend
        // tens of seconds to compile, width 128 minutes). The GPU script runs every width on CUDA.
        foreach (var width in new[] { 16, 32 })
        {
            foreach (var h in hidden)
            {
                foreach (var o in output) data.Add(width, h, o, 1 + i++ % 3);
            }
        }
        data.Add(64, "Softplus", "None", 3);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void FusedPassesMatchTheFloat64Reference(int width, string hidden, string output, int layers)
    {
        var layout = new MlpLayout(Inputs, width, layers, Outputs);
        var random = new Random(width * 100 + layers);
        var parameters = MlpInitialization.Create(layout, siren: false, seed: width + layers);
        float[] Vector(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var x = Vector(Batch * Inputs);
        var b = Vector(Batch * Outputs);
        var g0 = Vector(Batch * Inputs);

        var errors = MlpPassCheck.Run(fixture.Device, layout, hidden, output, parameters, x, b, g0, Batch);
        for (var i = 0; i < errors.Length; i++)
        {
            Assert.True(errors[i] <= Tolerance, $"{MlpPassCheck.Names[i]}: relative error {errors[i]:0.0e+0} (∞: NaN, never written)");
        }
    }

    [Fact]
    public void UnsupportedWidthNamesTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new FullyFusedMlp(fixture.Device, new MlpLayout(3, 48, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None")));
        Assert.Contains("must be 16, 32, 64 or 128 (got 48)", e.Message);
        Assert.Contains("Mlp", e.Message);
    }
}
