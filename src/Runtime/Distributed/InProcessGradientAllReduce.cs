using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Distributed;

/// <summary>
/// An all-reduce for replicas that all live in this process, through host memory: each gradient is copied to the host,
/// the copies are summed in float32 in replica order, and the sum is copied back to every replica. It synchronises the
/// devices, so it is for tests and for CPU replicas, where it shows that data-parallel training gives the single-replica
/// result; GPUs use <see cref="NcclGradientAllReduce"/>.
/// </summary>
public sealed class InProcessGradientAllReduce : IGradientAllReduce
{
    private readonly float[] sum, part;

    /// <summary>An all-reduce over the replicas on <paramref name="devices"/> (one entry per replica; a device may repeat).</summary>
    public InProcessGradientAllReduce(IReadOnlyList<ComputeDevice> devices, long count)
    {
        GradientAllReduceChecks.RequireSetup(devices, count);
        LocalDevices = [.. devices];
        Count = count;
        sum = new float[count];
        part = new float[count];
    }

    /// <inheritdoc/>
    public int WorldSize => LocalDevices.Count;

    /// <inheritdoc/>
    public IReadOnlyList<ComputeDevice> LocalDevices { get; }

    /// <inheritdoc/>
    public long Count { get; }

    /// <inheritdoc/>
    public void SumInPlace(IReadOnlyList<ArrayView<float>> gradients)
    {
        GradientAllReduceChecks.RequireGradients(gradients, LocalDevices.Count, Count);
        Array.Clear(sum);
        for (var r = 0; r < gradients.Count; r++)
        {
            LocalDevices[r].Accelerator.Synchronize();
            gradients[r].CopyToCPU(part);
            for (var i = 0; i < sum.Length; i++) sum[i] += part[i];
        }
        for (var r = 0; r < gradients.Count; r++)
        {
            gradients[r].CopyFromCPU(sum);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
