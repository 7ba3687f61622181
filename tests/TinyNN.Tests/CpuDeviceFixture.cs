using TinyNN.Devices;

namespace TinyNN.Tests;

/// <summary>One ILGPU CPU accelerator per test class (DESIGN: creating one per test costs ~70 ms and threads).</summary>
public sealed class CpuDeviceFixture : IDisposable
{
    public ComputeDevice Device { get; } = ComputeDevice.Open(DeviceKind.Cpu);

    public void Dispose() => Device.Dispose();
}
