using ILGPU;
using TinyNN.Devices;
using TinyNN.Distributed;

namespace TinyNN.Training;

/// <summary>What every data-parallel trainer shares: checking its replicas against the all-reduce, and the three phases of a step.</summary>
public static class DataParallelStep
{
    /// <summary>
    /// Throws unless there is one replica per local device of <paramref name="allReduce"/>, on that device, all with the same
    /// batch size and a gradient of the all-reduce's length; returns the replicas.
    /// </summary>
    public static IReadOnlyList<TReplica> RequireReplicas<TReplica>(IReadOnlyList<TReplica> replicas, IGradientAllReduce allReduce,
        Func<TReplica, ComputeDevice> device, Func<TReplica, int> batchSize, Func<TReplica, long> gradientLength)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(allReduce);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(batchSize);
        ArgumentNullException.ThrowIfNull(gradientLength);
        if (replicas.Count != allReduce.LocalDevices.Count)
        {
            throw new ArgumentException($"the all-reduce drives {allReduce.LocalDevices.Count} local replicas; got {replicas.Count} trainers", nameof(replicas));
        }
        for (var r = 0; r < replicas.Count; r++)
        {
            if (replicas[r] is null) throw new ArgumentNullException(nameof(replicas), $"replica {r} is null");
            if (!ReferenceEquals(device(replicas[r]), allReduce.LocalDevices[r]))
            {
                throw new ArgumentException($"replica {r} runs on {device(replicas[r]).Description}, not on the all-reduce's local device {r}", nameof(replicas));
            }
            if (batchSize(replicas[r]) != batchSize(replicas[0]))
            {
                throw new ArgumentException($"every replica takes the same batch size: replica 0 takes {batchSize(replicas[0])}, replica {r} {batchSize(replicas[r])}", nameof(replicas));
            }
            if (gradientLength(replicas[r]) != allReduce.Count)
            {
                throw new ArgumentException($"replica {r} has {gradientLength(replicas[r])} parameters; the all-reduce sums {allReduce.Count}", nameof(replicas));
            }
        }
        return replicas;
    }

    /// <summary>
    /// One data-parallel step: each replica's gradient on its device (with its accelerator bound to this thread, so one thread
    /// can drive several GPUs; the work is only enqueued), the all-reduce, then each replica's optimizer step.
    /// </summary>
    public static void Run<TReplica>(IReadOnlyList<TReplica> replicas, Func<TReplica, ComputeDevice> device, Action<TReplica, int> computeGradient,
        IGradientAllReduce allReduce, IReadOnlyList<ArrayView<float>> gradients, Action<TReplica> applyGradient)
    {
        for (var r = 0; r < replicas.Count; r++)
        {
            using var binding = device(replicas[r]).Accelerator.BindScoped();
            computeGradient(replicas[r], r);
        }
        allReduce.SumInPlace(gradients);
        foreach (var replica in replicas)
        {
            using var binding = device(replica).Accelerator.BindScoped();
            applyGradient(replica);
        }
    }
}
