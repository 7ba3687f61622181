using TinyNN.Devices;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The GPU path of the MLPs on a simulator whose groups are GPU-sized (256 threads): fused passes with weights
/// staged in shared memory, and parameter gradients by the tiled GEMM with per-chunk partials reduced in order;
/// batch 130 leaves partial groups and tiles. Against the float64 reference.
/// </summary>
public sealed class GpuPathTests : IDisposable
{
    private readonly ComputeDevice device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 8);

    [Theory]
    [InlineData(true, 16, "Softplus", "None", 3, 5)]
    [InlineData(true, 32, "Sine", "Softplus", 2, 16)]
    [InlineData(false, 20, "Tanh", "Sigmoid", 2, 5)]
    public void GpuPathGivesTheReferenceResults(bool fused, int width, string hidden, string output, int layers, int inputs) =>
        MlpPassCases.AssertMatchesReference(device, fused, width, hidden, output, layers, inputs, outputs: 2, batch: 130);

    public void Dispose() => device.Dispose();
}
