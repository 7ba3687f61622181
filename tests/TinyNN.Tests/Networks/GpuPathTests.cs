using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The GPU path of the MLPs on a simulator whose groups are GPU-sized (256 threads): fused passes with weights
/// staged in shared memory (widths 16, 32) or warp-cooperative tiles (64, 128), layer products and parameter gradients by the tiled GEMM with per-chunk partials reduced in order;
/// batch 130 leaves partial groups and tiles. Against the float64 reference.
/// </summary>
public sealed class GpuPathTests : IDisposable
{
    private readonly ComputeDevice device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 8);

    [Theory]
    [InlineData(true, 16, "Softplus", "None", 3, 5)]
    [InlineData(true, 32, "Sine", "Softplus", 2, 16)]
    [InlineData(false, 20, "Tanh", "Sigmoid", 2, 5)]
    [InlineData(true, 64, "Softplus", "None", 3, 16)]
    [InlineData(true, 64, "ReLU", "Softplus", 2, 48)]
    [InlineData(true, 64, "Tanh", "Sigmoid", 1, 64)]
    [InlineData(true, 128, "Sine", "Softplus", 2, 5)]
    [InlineData(true, 128, "SiLU", "None", 3, 32)]
    public void GpuPathGivesTheReferenceResults(bool fused, int width, string hidden, string output, int layers, int inputs) =>
        MlpPassCases.AssertMatchesReference(device, fused, width, hidden, output, layers, inputs, outputs: 2, batch: 130);

    /// <summary>Output layers either side of the tiled passes' dot-product path (at most four rows), and an SDF's one output.</summary>
    [Theory]
    [InlineData(64, 1)]
    [InlineData(128, 4)]
    [InlineData(64, 5)]
    public void ThinOutputLayersGiveTheReferenceResults(int width, int outputs) =>
        MlpPassCases.AssertMatchesReference(device, fused: true, width, "Softplus", "Sigmoid", layers: 2, inputs: 16, outputs, batch: 70);

    /// <summary>
    /// The tiled passes as they run on an Ampere-or-newer GPU, full layers on tensor cores (3×TF32), here with the
    /// instruction emulated by warp shuffles: every pass against float64, 3 inputs (tile rows past the depth zeroed),
    /// 2 outputs and a partial tile. Small, since each emulated mma costs 32 shuffles on the simulator.
    /// </summary>
    [Theory]
    [InlineData(64, 1, 3, 40)]
    [InlineData(128, 1, 16, 20)]
    public void TensorCorePassesGiveTheReferenceResults(int width, int layers, int inputs, int batch) =>
        MlpPassCases.AssertMatchesReference(new FullyFusedMlp(device, new MlpLayout(inputs, width, layers, 2),
            ActivationRegistry.Get("Softplus"), ActivationRegistry.Get("Sigmoid"), tensorCores: true), batch);

    [Theory]
    [InlineData(64, true)]
    [InlineData(128, true)]
    [InlineData(32, false)]
    public void WidthsSixtyFourAndUpRunOnTiles(int width, bool tiled)
    {
        var network = new FullyFusedMlp(device, new MlpLayout(16, width, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        Assert.Equal(tiled, network.IsTiled);
        Assert.True(network.IsFused);
    }

    /// <summary>The one place that chooses (FusedStrategyChoice): each shape gets its strategy once, the same for a config-built and a declared network.</summary>
    [Theory]
    [InlineData(16, 16, FusedKernels.Auto, MlpStrategyKind.SharedWeight)]
    [InlineData(64, 16, FusedKernels.Auto, MlpStrategyKind.Tiled)]
    [InlineData(128, 16, FusedKernels.Auto, MlpStrategyKind.Tiled)]
    [InlineData(128, 144, FusedKernels.Auto, MlpStrategyKind.PerSample)]
    [InlineData(64, 16, FusedKernels.PerSample, MlpStrategyKind.SharedWeight)]
    public void EachShapeGetsOneStrategy(int width, int inputs, FusedKernels kernels, MlpStrategyKind expected)
    {
        var network = new FullyFusedMlp(device, new MlpLayout(inputs, width, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"), kernels);
        Assert.Equal(expected, network.Strategy);
        Assert.Equal(MlpStrategyKind.Layerwise, new Mlp(device, new MlpLayout(inputs, width, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None")).Strategy);
    }

    /// <summary>Width-64 inference runs one sample a thread (measured faster there) while training runs tiles: same outputs.</summary>
    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    public void InferenceMatchesTheTrainingForward(int width)
    {
        var layout = new MlpLayout(16, width, 2, 2);
        var network = new FullyFusedMlp(device, layout, ActivationRegistry.Get("Softplus"), ActivationRegistry.Get("Sigmoid"));
        const int batch = 130;
        var random = new Random(width);
        var a = device.Accelerator;
        using var parameters = a.Allocate1D(MlpInitialization.Create(layout, siren: false, seed: 4));
        using var input = a.Allocate1D(Enumerable.Range(0, batch * 16).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
        using var inferred = a.Allocate1D(Enumerable.Repeat(float.NaN, batch * 2).ToArray());
        using var trained = a.Allocate1D(Enumerable.Repeat(float.NaN, batch * 2).ToArray());
        network.Inference(parameters.View, input.View, inferred.View, batch);
        using (network.Forward(parameters.View, input.View, trained.View, batch)) { }
        var expected = trained.GetAsArray1D();
        var actual = inferred.GetAsArray1D();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"output {i} was not written");
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"output {i}: {actual[i]} against {expected[i]}");
        }
    }

    public void Dispose() => device.Dispose();
}
