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

    [Fact]
    public void InputsWiderThanOneRowAndManyOutputsWork() =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: true, 16, "Softplus", "Sigmoid", 2, inputs: 19, outputs: 17, batch: 33);
}
