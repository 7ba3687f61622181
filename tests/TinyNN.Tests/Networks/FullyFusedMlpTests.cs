using ILGPU;
using ILGPU.Runtime;
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

        var accelerator = fixture.Device.Accelerator;
        var network = new FullyFusedMlp(fixture.Device, layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(output));
        using var w = accelerator.Allocate1D(parameters);
        using var input = accelerator.Allocate1D(x);
        using var outputGradient = accelerator.Allocate1D(b);
        using var direction = accelerator.Allocate1D(g0);
        using var y = Poisoned(accelerator, Batch * Outputs);
        using var dx = Poisoned(accelerator, Batch * Inputs);
        using var dw = Poisoned(accelerator, layout.ParameterCount);
        using var d2x = Poisoned(accelerator, Batch * Inputs);
        using var d2b = Poisoned(accelerator, Batch * Outputs);
        using var d2w = Poisoned(accelerator, layout.ParameterCount);

        using (var context = network.Forward(w.View, input.View, y.View, Batch))
        {
            network.Backward(context, w.View, input.View, outputGradient.View, dx.View, dw.View, GradientMode.Overwrite);
            network.BackwardBackwardInput(context, w.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2w.View, GradientMode.Overwrite);
        }
        accelerator.Synchronize();

        var reference = new MlpReference(layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(output), [.. parameters.Select(p => (double)p)]);
        var expectedY = new List<double>();
        var expectedDx = new List<double>();
        var expectedD2x = new List<double>();
        var expectedD2b = new List<double>();
        var expectedDw = new double[layout.ParameterCount];
        var expectedD2w = new double[layout.ParameterCount];
        for (var s = 0; s < Batch; s++)
        {
            double[] Row(float[] data, int n) => [.. data.Skip(s * n).Take(n).Select(v => (double)v)];
            expectedY.AddRange(reference.Forward(Row(x, Inputs)));
            expectedDx.AddRange(reference.Backward(Row(x, Inputs), Row(b, Outputs), expectedDw));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(Row(x, Inputs), Row(b, Outputs), Row(g0, Inputs), expectedD2w);
            expectedD2x.AddRange(inputGradient);
            expectedD2b.AddRange(outputGradientGradient);
        }
        AssertClose(expectedY, y.GetAsArray1D(), "y");
        AssertClose(expectedDx, dx.GetAsArray1D(), "dL1/dx");
        AssertClose(expectedDw, dw.GetAsArray1D(), "dL1/dW");
        AssertClose(expectedD2x, d2x.GetAsArray1D(), "dL2/dx");
        AssertClose(expectedD2b, d2b.GetAsArray1D(), "dL2/d(dL1/dy)");
        AssertClose(expectedD2w, d2w.GetAsArray1D(), "dL2/dW");
    }

    [Fact]
    public void UnsupportedWidthNamesTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new FullyFusedMlp(fixture.Device, new MlpLayout(3, 48, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None")));
        Assert.Contains("must be 16, 32, 64 or 128 (got 48)", e.Message);
        Assert.Contains("Mlp", e.Message);
    }

    private static MemoryBuffer1D<float, Stride1D.Dense> Poisoned(Accelerator accelerator, long length)
    {
        var buffer = accelerator.Allocate1D<float>(length);
        buffer.MemSet(0xFF); // NaN: an element no pass writes cannot pass the comparison
        return buffer;
    }

    private static void AssertClose(IReadOnlyList<double> expected, float[] actual, string what)
    {
        Assert.Equal(expected.Count, actual.Length);
        double difference = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"{what}[{i}] is NaN (never written?)");
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        var relative = Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-30);
        Assert.True(relative <= Tolerance, $"{what}: relative error {relative:0.0e+0} (norm {Math.Sqrt(norm):0.###e+0})");
    }
}
