using ILGPU;
using TinyNN.Distributed;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>
/// SDF training over several devices: one <see cref="SdfTrainer"/> replica per local device of the all-reduce, replica r
/// drawing samples r·B.. of each step's global batch (B per replica, world size · B in all), so that the run equals one
/// trainer with the global batch up to float32 rounding; gradients are summed by the all-reduce and every replica's
/// optimizer steps on the sum divided by the world size (<see cref="DataParallelStep"/>). It owns the replicas and the all-reduce.
/// </summary>
public sealed class DataParallelSdfTrainer : ISdfTrainer
{
    private readonly IReadOnlyList<SdfTrainer> replicas;
    private readonly IGradientAllReduce allReduce;
    private readonly ArrayView<float>[] gradients;
    private readonly IReadOnlyList<IDisposable> owned;

    /// <summary>
    /// Trains <paramref name="replicas"/> together; replica r must have been made with sample offset (rank of r)·B, B its batch
    /// size, and all from the same parameters and optimizer state. Disposing it disposes the replicas, the all-reduce and
    /// <paramref name="owned"/> (e.g. the other replicas' models, optimizers and devices), in that order.
    /// </summary>
    public DataParallelSdfTrainer(IReadOnlyList<SdfTrainer> replicas, IGradientAllReduce allReduce, IReadOnlyList<IDisposable>? owned = null)
    {
        this.owned = owned ?? [];
        this.replicas = DataParallelStep.RequireReplicas(replicas, allReduce, r => r.Device, r => r.BatchSize, r => r.Gradient.Length);
        this.allReduce = allReduce;
        gradients = [.. replicas.Select(r => r.Gradient)];
    }

    /// <summary>The local replicas.</summary>
    public IReadOnlyList<SdfTrainer> Replicas => replicas;

    /// <inheritdoc/>
    public int BatchSize => replicas[0].BatchSize;

    /// <inheritdoc/>
    public long SamplesPerStep => (long)BatchSize * allReduce.WorldSize;

    /// <inheritdoc/>
    public long Step => replicas[0].Step;

    /// <inheritdoc/>
    public void TrainStep() =>
        DataParallelStep.Run(replicas, r => r.Device, (r, _) => r.ComputeGradient(), allReduce, gradients, r => r.ApplyGradient(allReduce.WorldSize));

    /// <inheritdoc/>
    public SdfLosses ReadLosses()
    {
        var losses = replicas.Select(r => r.ReadLosses()).ToList();
        return new SdfLosses(losses.Average(l => l.Sdf), losses.Average(l => l.Eikonal));
    }

    /// <inheritdoc/>
    public NonFiniteKinds CheckFinite() => replicas.Aggregate(NonFiniteKinds.None, (kinds, r) => kinds | r.CheckFinite());

    /// <inheritdoc/>
    public float[] ReadParameters() => replicas[0].ReadParameters();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var replica in replicas) replica.Dispose();
        allReduce.Dispose();
        foreach (var item in owned) item.Dispose();
    }
}
