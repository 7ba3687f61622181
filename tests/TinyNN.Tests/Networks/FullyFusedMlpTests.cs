using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The fused kernels on ILGPU's CPU simulator (as the GPU runs them: groups, atomics) at widths 16 and 32; widths
/// 64 and 128 take ILGPU's CPU backend minutes to compile, so they run in <see cref="FullyFusedMlpFastPathTests"/>
/// (the same generated kernel code, called by Parallel.For) and on CUDA in the GPU script.
/// </summary>
public sealed class FullyFusedMlpTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    public static TheoryData<int, string, string, int> Cases() => MlpPassCases.Matrix(16, 32);

    [Theory, MemberData(nameof(Cases))]
    public void FusedKernelsMatchTheFloat64Reference(int width, string hidden, string output, int layers) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, width, hidden, output, layers);

    [Theory]
    [InlineData(16, 16)]
    [InlineData(32, 8)]
    public void QuadInputsMatchTheFloat64Reference(int width, int inputs) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, width, "Sine", "None", 2, inputs: inputs, outputs: 2, batch: 9);

    [Fact]
    public void UnsupportedWidthNamesTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new FullyFusedMlp(fixture.Device, new MlpLayout(3, 48, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None")));
        Assert.Contains("must be 16, 32, 64 or 128 (got 48)", e.Message);
        Assert.Contains("Mlp", e.Message);
    }
}

/// <summary>All four fused widths on the CPU fast path, every activation pair, 1 to 3 hidden layers.</summary>
public sealed class FullyFusedMlpFastPathTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    public static TheoryData<int, string, string, int> Cases() => MlpPassCases.Matrix(16, 32, 64, 128);

    [Theory, MemberData(nameof(Cases))]
    public void FusedPassesMatchTheFloat64Reference(int width, string hidden, string output, int layers) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, width, hidden, output, layers);

    /// <summary>Input widths that are multiples of 4 take the quad path of the first layer (AddColumns4, DotColumns4).</summary>
    [Theory]
    [InlineData(16, 16)]
    [InlineData(64, 8)]
    [InlineData(128, 4)]
    public void QuadInputsMatchTheFloat64Reference(int width, int inputs) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, width, "Softplus", "Softplus", 2, inputs: inputs, outputs: 1, batch: 9);

    [Fact]
    public void ParametersOffTheQuadGridAreRefusedWithTheirOffset()
    {
        var layout = new MlpLayout(16, 16, 1, 1);
        var network = new FullyFusedMlp(fixture.Device, layout, ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        using var parameters = fixture.Device.Accelerator.Allocate1D<float>(layout.ParameterCount + 1);
        using var input = fixture.Device.Accelerator.Allocate1D<float>(16);
        using var output = fixture.Device.Accelerator.Allocate1D<float>(1);
        var e = Assert.Throws<ArgumentException>(() => network.Inference(parameters.View.SubView(1, layout.ParameterCount), input.View, output.View, 1));
        Assert.Contains("multiple of 4 floats", e.Message);
        Assert.Contains("starts at float 1", e.Message);
    }

    [Fact]
    public void BatchesPastTheThirtyTwoBitLayerLimitAreRefusedWithTheLargestAccepted()
    {
        var layout = new MlpLayout(16, 64, 1, 1);
        var network = new FullyFusedMlp(fixture.Device, layout, ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        var largest = (int)(MlpNetwork.MaxLayerElements / 64);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => network.Inference(default, default, default, largest + 1));
        Assert.Contains($"batch {largest + 1} × width 64", e.Message);
        Assert.Contains($"the largest batch for this network is {largest}", e.Message);
        // The largest passes the limit (and fails later, on the empty parameters).
        var next = Assert.ThrowsAny<ArgumentException>(() => network.Inference(default, default, default, largest));
        Assert.DoesNotContain("32-bit index limit", next.Message);
    }

    [Fact]
    public void InputsWiderThanOneRowAndManyOutputsWork() =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, 16, "Softplus", "Sigmoid", 2, inputs: 19, outputs: 17, batch: 33);
}
