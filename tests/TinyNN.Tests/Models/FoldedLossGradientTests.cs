using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Tests.Models;

/// <summary>
/// Backward-of-backward with an extra first-order term ⟨y, ê⟩ (what the trainer uses to fold the loss into the
/// Eikonal pass) equals the separate passes: dθ and dx of L₂ + ⟨y, ê⟩ = those of L₂ plus those of a backward with ê.
/// Tolerance 1e-5 relative: the same float32 products summed in another order.
/// </summary>
public sealed class FoldedLossGradientTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    public static TheoryData<string> Configs() => new()
    {
        """{"network": {"otype": "FullyFusedMLP", "activation": "Softplus", "output_activation": "Sigmoid", "n_neurons": 16, "n_hidden_layers": 2}}""",
        """{"network": {"otype": "CutlassMLP", "activation": "Sine", "n_neurons": 9, "n_hidden_layers": 3}}""",
        """{"encoding": {"otype": "HashGrid", "n_levels": 3, "n_features_per_level": 2, "log2_hashmap_size": 6, "base_resolution": 3, "interpolation": "Smoothstep"}, "network": {"otype": "FullyFusedMLP", "activation": "Tanh", "n_neurons": 32, "n_hidden_layers": 1}}""",
    };

    [Theory, MemberData(nameof(Configs))]
    public void FoldedTermEqualsSeparatePasses(string json) => Check(fixture.Device, json);

    [Fact]
    public void FoldedTermEqualsSeparatePassesOnTheGpuPath()
    {
        using var device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 8);
        Check(device, """{"network": {"otype": "FullyFusedMLP", "activation": "SiLU", "n_neurons": 16, "n_hidden_layers": 2}}""");
    }

    private static void Check(ComputeDevice device, string json)
    {
        const int batch = 37, outputs = 2;
        using var model = ModelFactory.Create(device, ModelConfig.Parse(json), 3, outputs);
        var a = device.Accelerator;
        var random = new Random(9);
        float[] Values(int n, double low, double high) => [.. Enumerable.Range(0, n).Select(_ => (float)(low + random.NextDouble() * (high - low)))];
        using var context = model.CreateContext(batch);
        using var p = a.Allocate1D(model.InitialParameters(3));
        using var x = a.Allocate1D(Values(batch * 3, 0.05, 0.95));
        using var b = a.Allocate1D(Values(batch * outputs, -1, 1));
        using var g = a.Allocate1D(Values(batch * 3, -1, 1));
        using var extra = a.Allocate1D(Values(batch * outputs, -1, 1));
        using var y = a.Allocate1D<float>(batch * outputs);
        using var d2b = a.Allocate1D<float>(batch * outputs);
        using var dxFolded = a.Allocate1D<float>(batch * 3);
        using var dpFolded = a.Allocate1D<float>(model.ParameterCount);
        using var dxSecond = a.Allocate1D<float>(batch * 3);
        using var dxFirst = a.Allocate1D<float>(batch * 3);
        using var dpSeparate = a.Allocate1D<float>(model.ParameterCount);

        model.Forward(context, p.View, x.View, y.View, batch);
        model.BackwardBackwardInput(context, p.View, x.View, b.View, g.View, d2b.View, dxFolded.View, dpFolded.View, GradientMode.Overwrite, extra.View);
        model.BackwardBackwardInput(context, p.View, x.View, b.View, g.View, d2b.View, dxSecond.View, dpSeparate.View, GradientMode.Overwrite);
        model.Backward(context, p.View, x.View, extra.View, dxFirst.View, dpSeparate.View, GradientMode.Accumulate);
        a.Synchronize();

        var dx = dxSecond.GetAsArray1D().Zip(dxFirst.GetAsArray1D(), (u, v) => (double)u + v).ToList();
        var dp = dpSeparate.GetAsArray1D().Select(v => (double)v).ToList();
        Assert.True(RelativeError.Of(dx, dxFolded.GetAsArray1D()) <= 1e-5, $"dx: {RelativeError.Of(dx, dxFolded.GetAsArray1D()):0.0e+0}");
        Assert.True(RelativeError.Of(dp, dpFolded.GetAsArray1D()) <= 1e-5, $"dθ: {RelativeError.Of(dp, dpFolded.GetAsArray1D()):0.0e+0}");
    }
}
