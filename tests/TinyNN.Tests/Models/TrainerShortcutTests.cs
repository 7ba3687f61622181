using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Tests.Models;

/// <summary>
/// The trainer's shortcut (a backward that keeps dL₁/dz and the MLP's adjoints, then a backward of backward that
/// reuses them instead of recomputing) gives what the public passes give. Tolerance 1e-6 relative: the same float32
/// operations, only some of them not repeated.
/// </summary>
public sealed class TrainerShortcutTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    [Theory]
    [InlineData(false, """{"encoding": {"otype": "HashGrid", "n_levels": 3, "n_features_per_level": 2, "log2_hashmap_size": 6, "base_resolution": 3, "interpolation": "Smoothstep"}, "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 3}}""")]
    [InlineData(false, """{"network": {"otype": "CutlassMLP", "activation": "Tanh", "n_neurons": 7, "n_hidden_layers": 2}}""")]
    [InlineData(true, """{"network": {"otype": "FullyFusedMLP", "activation": "SiLU", "n_neurons": 32, "n_hidden_layers": 2}}""")]
    public void ReusedFirstOrderStateGivesThePublicResults(bool gpuPath, string json)
    {
        using var simulator = gpuPath ? ComputeDevice.OpenCpuSimulator(warpsPerGroup: 8) : null;
        var device = simulator ?? fixture.Device;
        const int batch = 40;
        using var model = ModelFactory.Create(device, ModelConfig.Parse(json), 3, 1);
        var a = device.Accelerator;
        var random = new Random(5);
        float[] Values(int n, double low, double high) => [.. Enumerable.Range(0, n).Select(_ => (float)(low + random.NextDouble() * (high - low)))];
        using var context = model.CreateContext(batch);
        using var p = a.Allocate1D(model.InitialParameters(2));
        using var x = a.Allocate1D(Values(batch * 3, 0.05, 0.95));
        using var b = a.Allocate1D(Values(batch, -1, 1));
        using var g = a.Allocate1D(Values(batch * 3, -1, 1));
        using var extra = a.Allocate1D(Values(batch, -1, 1));
        using var y = a.Allocate1D<float>(batch);
        using var dx = a.Allocate1D<float>(batch * 3);
        using var d2b = a.Allocate1D<float>(batch);
        using var d2xPublic = a.Allocate1D<float>(batch * 3);
        using var dpPublic = a.Allocate1D<float>(model.ParameterCount);
        using var d2xShortcut = a.Allocate1D<float>(batch * 3);
        using var dpShortcut = a.Allocate1D<float>(model.ParameterCount);

        // The shortcut first, on its own fresh context: nothing but its own backward can have left adjoints there.
        using var shortcut = model.CreateContext(batch);
        model.Forward(shortcut, p.View, x.View, y.View, batch);
        model.Backward(shortcut, p.View, x.View, b.View, dx.View, default, GradientMode.Ignore, keepForSecondOrder: true);
        model.BackwardBackwardInput(shortcut, p.View, x.View, b.View, g.View, d2b.View, d2xShortcut.View, dpShortcut.View, GradientMode.Overwrite,
            firstOrderIsCurrent: true, extra.View);
        model.Forward(context, p.View, x.View, y.View, batch);
        model.BackwardBackwardInput(context, p.View, x.View, b.View, g.View, d2b.View, d2xPublic.View, dpPublic.View, GradientMode.Overwrite, extra.View);
        a.Synchronize();

        var expectedDx = d2xPublic.GetAsArray1D().Select(v => (double)v).ToList();
        var expectedDp = dpPublic.GetAsArray1D().Select(v => (double)v).ToList();
        Assert.True(RelativeError.Of(expectedDx, d2xShortcut.GetAsArray1D()) <= 1e-6, "dL2/dx");
        Assert.True(RelativeError.Of(expectedDp, dpShortcut.GetAsArray1D()) <= 1e-6, "dL2/dθ");
    }
}
