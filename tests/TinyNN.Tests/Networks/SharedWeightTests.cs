using TinyNN.Devices;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The GPU entry of the fused passes (weights staged in shared memory by 128-thread groups) on a simulator whose
/// groups are that large, against the float64 reference; batch 130 leaves a partial last group.
/// </summary>
public sealed class SharedWeightTests : IDisposable
{
    private readonly ComputeDevice device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 4);

    [Theory]
    [InlineData(16, "Softplus", "None", 3)]
    [InlineData(32, "Sine", "Softplus", 2)]
    public void StagedWeightsGiveTheReferenceResults(int width, string hidden, string output, int layers) =>
        MlpPassCases.AssertMatchesReference(device, fused: true, width, hidden, output, layers, inputs: 5, outputs: 2, batch: 130);

    public void Dispose() => device.Dispose();
}
