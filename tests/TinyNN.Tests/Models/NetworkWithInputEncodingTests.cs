using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Tests.Models;

/// <summary>
/// The composition's first- and second-order passes against central finite differences of the composed model in
/// float64-accumulated float32 evaluations (step 1e-3; tolerance 2e-3 relative, the FD truncation and float32
/// rounding of a smooth model), for an encoding with parameters (Smoothstep hash grid) and without (Frequency).
/// PyTorch alignment (tests/alignment) checks the same passes at 1e-5; this test needs no Python.
/// </summary>
public sealed class NetworkWithInputEncodingTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private const int Batch = 4;

    [Theory]
    [InlineData("""{"encoding": {"otype": "HashGrid", "n_levels": 3, "n_features_per_level": 2, "log2_hashmap_size": 6, "base_resolution": 3, "interpolation": "Smoothstep"}, "network": {"otype": "FullyFusedMLP", "activation": "Tanh", "n_neurons": 16, "n_hidden_layers": 2}}""")]
    [InlineData("""{"encoding": {"otype": "Frequency", "n_frequencies": 2}, "network": {"otype": "CutlassMLP", "activation": "SiLU", "output_activation": "Softplus", "n_neurons": 5, "n_hidden_layers": 1}}""")]
    public void PassesMatchFiniteDifferences(string json)
    {
        var model = ModelFactory.Create(fixture.Device, ModelConfig.Parse(json), 3, 2);
        var a = fixture.Device.Accelerator;
        var random = new Random(3);
        float[] Values(int n, double low, double high) => [.. Enumerable.Range(0, n).Select(_ => (float)(low + random.NextDouble() * (high - low)))];
        var parameters = model.InitialParameters(5);
        // Grid parameters far from their ±1e-4 initialisation, so the encoding matters to the output.
        for (var i = (int)model.NetworkParameterCount; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5);
        var x = Values(Batch * 3, 0.1, 0.9);
        var b = Values(Batch * 2, -1, 1);
        var g = Values(Batch * 3, -1, 1);

        using var context = model.CreateContext(Batch);
        using var p = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g);
        using var y = a.Allocate1D<float>(Batch * 2);
        using var dx = a.Allocate1D<float>(Batch * 3);
        using var dp = a.Allocate1D<float>(model.ParameterCount);
        using var d2b = a.Allocate1D<float>(Batch * 2);
        using var d2x = a.Allocate1D<float>(Batch * 3);
        using var d2p = a.Allocate1D<float>(model.ParameterCount);
        model.Forward(context, p.View, input.View, y.View, Batch);
        model.Backward(context, p.View, input.View, outputGradient.View, dx.View, dp.View, GradientMode.Overwrite);
        model.BackwardBackwardInput(context, p.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2p.View, GradientMode.Overwrite);
        a.Synchronize();

        // L1(x, θ) = ⟨y, b⟩ and L2(x, θ, b) = ⟨dL1/dx, g⟩, evaluated by the model itself.
        double L1(float[] xs, float[] ps)
        {
            using var pp = a.Allocate1D(ps);
            using var xx = a.Allocate1D(xs);
            model.Inference(context, pp.View, xx.View, y.View, Batch);
            a.Synchronize();
            return y.GetAsArray1D().Zip(b, (u, v) => (double)u * v).Sum();
        }
        double L2(float[] xs, float[] ps, float[] bs)
        {
            using var pp = a.Allocate1D(ps);
            using var xx = a.Allocate1D(xs);
            using var bb = a.Allocate1D(bs);
            model.Forward(context, pp.View, xx.View, y.View, Batch);
            model.Backward(context, pp.View, xx.View, bb.View, dx.View, default, GradientMode.Ignore);
            a.Synchronize();
            return dx.GetAsArray1D().Zip(g, (u, v) => (double)u * v).Sum();
        }
        double[] Fd(float[] at, Func<float[], double> f, IEnumerable<int> indices)
        {
            const float h = 1e-3f;
            return [.. indices.Select(i =>
            {
                var plus = (float[])at.Clone();
                var minus = (float[])at.Clone();
                plus[i] += h;
                minus[i] -= h;
                return (f(plus) - f(minus)) / (plus[i] - minus[i]);
            })];
        }
        var someParameters = Enumerable.Range(0, 12).Select(k => k * (parameters.Length - 1) / 11).ToArray();
        var expectedDx = Fd(x, xs => L1(xs, parameters), Enumerable.Range(0, x.Length));
        var expectedDp = Fd(parameters, ps => L1(x, ps), someParameters);
        var expectedD2x = Fd(x, xs => L2(xs, parameters, b), Enumerable.Range(0, x.Length));
        var expectedD2b = Fd(b, bs => L2(x, parameters, bs), Enumerable.Range(0, b.Length));
        var expectedD2p = Fd(parameters, ps => L2(x, ps, b), someParameters);

        AssertClose("dL1/dx", expectedDx, dx.GetAsArray1D());
        AssertClose("dL1/dθ", expectedDp, [.. someParameters.Select(i => dp.GetAsArray1D()[i])]);
        AssertClose("dL2/dx", expectedD2x, d2x.GetAsArray1D());
        AssertClose("dL2/d(dL1/dy)", expectedD2b, d2b.GetAsArray1D());
        AssertClose("dL2/dθ", expectedD2p, [.. someParameters.Select(i => d2p.GetAsArray1D()[i])]);
    }

    private static void AssertClose(string what, double[] expected, float[] actual)
    {
        var difference = Math.Sqrt(expected.Zip(actual, (e, v) => (e - v) * (e - v)).Sum());
        var norm = Math.Sqrt(expected.Sum(e => e * e));
        Assert.True(difference <= 2e-3 * Math.Max(norm, 1e-3), $"{what}: ‖fd − model‖ = {difference:0.0e+0} against ‖fd‖ = {norm:0.0e+0}");
    }
}
