namespace TinyNN.Tests.Encodings;

/// <summary>Every encoding's kernels on ILGPU's CPU simulator (tiny batch: a simulated thread costs an OS thread) against the float64 reference.</summary>
public sealed class EncodingSimulatorTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    public static TheoryData<string> Cases() => EncodingCases.Names();

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(string name) => EncodingPassCheck.Run(fixture.Device, EncodingCases.Get(name), batch: 4, seed: 1);
}

/// <summary>The same kernels on the CPU fast path (Parallel.For), at a batch that spreads over several workers.</summary>
public sealed class EncodingFastPathTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    public static TheoryData<string> Cases() => EncodingCases.Names();

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(string name) => EncodingPassCheck.Run(fixture.Device, EncodingCases.Get(name), batch: 300, seed: 2);
}
