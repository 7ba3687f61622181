using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Tests.Models;

/// <summary>
/// Backward-of-backward with an empty dL₂/dx view (what training asks for) skips only that output: the parameter
/// gradient and dL₂/d(dL₁/dy) are the same as with it, for every encoding family (exactly: the same operations).
/// </summary>
public sealed class SkippedInputGradientTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private const string Network = """ "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 1} """;

    public static TheoryData<string> Encodings() => new()
    {
        """{"otype": "Identity"}""",
        """{"otype": "Frequency", "n_frequencies": 2}""",
        """{"otype": "OneBlob", "n_bins": 4}""",
        """{"otype": "SphericalHarmonics", "degree": 3}""",
        """{"otype": "TriangleWave", "n_frequencies": 2}""",
        """{"otype": "HashGrid", "n_levels": 2, "log2_hashmap_size": 6, "base_resolution": 3, "interpolation": "Smoothstep"}""",
        """{"otype": "Composite", "nested": [{"otype": "Frequency", "n_frequencies": 2, "n_dims_to_encode": 1}, {"otype": "DenseGrid", "n_levels": 2, "base_resolution": 3, "interpolation": "Linear"}]}""",
    };

    [Theory, MemberData(nameof(Encodings))]
    public void ParameterGradientIsTheSameWithoutDl2Dx(string encoding)
    {
        const int batch = 21;
        using var model = ModelFactory.Create(fixture.Device, ModelConfig.Parse($$"""{"encoding": {{encoding}}, {{Network}} }"""), 3, 1);
        var a = fixture.Device.Accelerator;
        var random = new Random(8);
        float[] Values(int n, double low, double high) => [.. Enumerable.Range(0, n).Select(_ => (float)(low + random.NextDouble() * (high - low)))];
        var parameters = model.InitialParameters(4);
        for (var i = (int)model.NetworkParameterCount; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5);
        using var context = model.CreateContext(batch);
        using var p = a.Allocate1D(parameters);
        using var x = a.Allocate1D(Values(batch * 3, 0.05, 0.95));
        using var b = a.Allocate1D(Values(batch, -1, 1));
        using var g = a.Allocate1D(Values(batch * 3, -1, 1));
        using var y = a.Allocate1D<float>(batch);
        using var d2b = a.Allocate1D<float>(batch);
        using var d2bSkipped = a.Allocate1D<float>(batch);
        using var d2x = a.Allocate1D<float>(batch * 3);
        using var dp = a.Allocate1D<float>(model.ParameterCount);
        using var dpSkipped = a.Allocate1D<float>(model.ParameterCount);
        model.Forward(context, p.View, x.View, y.View, batch);
        model.BackwardBackwardInput(context, p.View, x.View, b.View, g.View, d2b.View, d2x.View, dp.View, GradientMode.Overwrite);
        model.BackwardBackwardInput(context, p.View, x.View, b.View, g.View, d2bSkipped.View, default, dpSkipped.View, GradientMode.Overwrite);
        a.Synchronize();

        Assert.Equal(d2b.GetAsArray1D(), d2bSkipped.GetAsArray1D());
        var expected = dp.GetAsArray1D().Select(v => (double)v).ToList();
        // Grid scatters are atomic, so only their order may differ.
        Assert.True(RelativeError.Of(expected, dpSkipped.GetAsArray1D()) <= 1e-6, $"dθ differs: {RelativeError.Of(expected, dpSkipped.GetAsArray1D()):0.0e+0}");
    }
}
