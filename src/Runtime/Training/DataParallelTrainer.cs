using ILGPU;
using TinyNN.Distributed;

namespace TinyNN.Training;

/// <summary>
/// Data-parallel training: one <see cref="Trainer"/> replica per device, all starting from the same parameters with the
/// same optimizer settings; each step every replica computes its gradient on its own share of the batch, the gradients
/// are summed over all replicas by an <see cref="IGradientAllReduce"/> (NCCL on GPUs), and every replica's optimizer
/// steps on the sum divided by the world size. The losses are means over each replica's batch, so that is exactly the
/// gradient of one trainer on the union of the batches, and the replicas stay identical. It owns neither the
/// replicas nor the all-reduce.
/// </summary>
public sealed class DataParallelTrainer
{
    private readonly IReadOnlyList<Trainer> replicas;
    private readonly IGradientAllReduce allReduce;
    private readonly ArrayView<float>[] gradients;

    /// <summary>Trains <paramref name="replicas"/> (one per entry of <paramref name="allReduce"/>'s local devices, same batch size) together.</summary>
    public DataParallelTrainer(IReadOnlyList<Trainer> replicas, IGradientAllReduce allReduce)
    {
        this.replicas = DataParallelStep.RequireReplicas(replicas, allReduce, r => r.Device, r => r.BatchSize, r => r.Gradient.Length);
        this.allReduce = allReduce;
        gradients = [.. replicas.Select(r => r.Gradient)];
    }

    /// <summary>Samples one replica takes a step.</summary>
    public int BatchSizePerReplica => replicas[0].BatchSize;

    /// <summary>Samples a step over the whole world.</summary>
    public long GlobalBatchSize => (long)BatchSizePerReplica * allReduce.WorldSize;

    /// <summary>The local replicas (replica 0's parameters stand for all).</summary>
    public IReadOnlyList<Trainer> Replicas => replicas;

    /// <summary>Steps taken.</summary>
    public long Step => replicas[0].Step;

    /// <summary>One step: replica r trains on <paramref name="inputs"/>[r] and <paramref name="targets"/>[r], on its own device.</summary>
    public void TrainStep(IReadOnlyList<ArrayView<float>> inputs, IReadOnlyList<ArrayView<float>> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count != replicas.Count || targets.Count != replicas.Count)
        {
            throw new ArgumentException($"one input and one target per local replica ({replicas.Count}); got {inputs.Count} inputs and {targets.Count} targets");
        }
        DataParallelStep.Run(replicas, r => r.Device, (r, i) => r.ComputeGradient(inputs[i], targets[i]), allReduce, gradients,
            r => r.ApplyGradient(allReduce.WorldSize));
    }

    /// <summary>The mean over the local replicas of their last step's losses (equal weights: equal batches).</summary>
    public TrainingLosses ReadLosses()
    {
        var losses = replicas.Select(r => r.ReadLosses()).ToList();
        return new TrainingLosses(losses.Average(l => l.Loss), losses.Average(l => l.Regularizer));
    }

    /// <summary>Replica 0's parameters, copied to the host.</summary>
    public float[] ReadParameters() => replicas[0].ReadParameters();
}
