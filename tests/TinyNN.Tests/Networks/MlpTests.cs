namespace TinyNN.Tests.Networks;

/// <summary>The layer-by-layer Mlp (any width) on the CPU simulator and the fast path against the float64 reference.</summary>
public sealed class MlpSimulatorTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    public static TheoryData<int, string, string, int> Cases() => MlpPassCases.Matrix(7);

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(int width, string hidden, string output, int layers) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: false, width, hidden, output, layers);
}

public sealed class MlpFastPathTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    public static TheoryData<int, string, string, int> Cases() => MlpPassCases.Matrix(1, 48, 64);

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(int width, string hidden, string output, int layers) =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: false, width, hidden, output, layers);

    [Fact]
    public void WideInputsAndOutputsWork() =>
        MlpPassCases.AssertMatchesReference(fixture.Device, fused: false, 20, "Tanh", "None", 3, inputs: 5, outputs: 3, batch: 9);
}
