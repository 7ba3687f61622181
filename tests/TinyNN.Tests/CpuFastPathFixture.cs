using TinyNN.Devices;

namespace TinyNN.Tests;

/// <summary>The CPU fast path (generated per-sample kernels under Parallel.For), one per test class.</summary>
public sealed class CpuFastPathFixture : IDisposable
{
    public ComputeDevice Device { get; } = ComputeDevice.Open(DeviceKind.Cpu);

    public void Dispose() => Device.Dispose();
}
