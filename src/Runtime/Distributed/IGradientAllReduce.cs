using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Distributed;

/// <summary>
/// Sums the replicas' parameter gradients across every replica of a data-parallel run, in place: after
/// <see cref="SumInPlace"/> each local gradient holds Σ over all <see cref="WorldSize"/> replicas. The work is ordered
/// after what each replica's device stream has enqueued and before what it enqueues next, so a trainer can call it
/// between its backward pass and its optimizer step without reading anything back.
/// </summary>
public interface IGradientAllReduce : IDisposable
{
    /// <summary>Replicas in the whole run (all processes, all hosts).</summary>
    int WorldSize { get; }

    /// <summary>The devices of the replicas this process drives, in the order <see cref="SumInPlace"/> takes their gradients.</summary>
    IReadOnlyList<ComputeDevice> LocalDevices { get; }

    /// <summary>Floats in each gradient.</summary>
    long Count { get; }

    /// <summary>Sums the gradients, one per local replica (on that replica's device), over the world, in place.</summary>
    void SumInPlace(IReadOnlyList<ArrayView<float>> gradients);
}
