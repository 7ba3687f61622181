using TinyNN.Devices;

namespace TinyNN.Tests;

/// <summary>One ILGPU CPU simulator per test class (kernel tests) (DESIGN: creating one per test costs ~70 ms and threads).</summary>
public sealed class CpuDeviceFixture : IDisposable
{
    public ComputeDevice Device { get; } = ComputeDevice.OpenCpuSimulator();

    public void Dispose() => Device.Dispose();
}
