using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Distributed;
using TinyNN.Losses;
using TinyNN.Models;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>The SDF trainer that `tinynn sdf` runs: on one device, or data-parallel over several.</summary>
public static class SdfReplicas
{
    /// <summary>
    /// A data-parallel SDF trainer whose replica 0 is the caller's <paramref name="model"/>, <paramref name="optimizer"/> and
    /// <paramref name="loss"/> (so its checkpoint and evaluation code stays as on one device) and whose replicas 1.. run on
    /// <paramref name="otherDevices"/>, each with its own model, loss and optimizer made from <paramref name="config"/>, the
    /// optimizer's state copied from replica 0's. Every replica takes <paramref name="batchPerReplica"/> samples a step.
    /// <paramref name="createAllReduce"/> makes the all-reduce over all the replicas' devices (NCCL on GPUs). The trainer
    /// owns <paramref name="otherDevices"/> and what it made for them (disposed too when it cannot be made).
    /// </summary>
    public static DataParallelSdfTrainer CreateDataParallel(NetworkWithInputEncoding model, Optimizer optimizer, Loss loss,
        IReadOnlyList<ComputeDevice> otherDevices, ModelConfig config, SdfSamplePool pool, float[] initialParameters, int batchPerReplica,
        float eikonalWeight, Func<IReadOnlyList<ComputeDevice>, long, IGradientAllReduce> createAllReduce, string fallbackLoss = "L1")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(otherDevices);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(createAllReduce);
        if (batchPerReplica < 1) throw new ArgumentOutOfRangeException(nameof(batchPerReplica), $"the batch per replica must be ≥ 1 (got {batchPerReplica})");
        var owned = new List<IDisposable>();
        var replicas = new List<SdfTrainer>();
        IGradientAllReduce? allReduce = null;
        try
        {
            replicas.Add(new SdfTrainer(model, optimizer, loss, pool, initialParameters, batchPerReplica, eikonalWeight, sampleOffset: 0));
            var state = optimizer.ExportState();
            for (var r = 1; r <= otherDevices.Count; r++)
            {
                var device = otherDevices[r - 1];
                var replicaModel = ModelFactory.Create(device, config, model.InputWidth, model.OutputWidth);
                owned.Add(replicaModel);
                var replicaOptimizer = TrainingFactory.CreateOptimizer(device, config.Optimizer, replicaModel.ParameterCount, replicaModel.NetworkParameterCount);
                owned.Add(replicaOptimizer);
                replicaOptimizer.ImportState(state);
                var replicaLoss = TrainingFactory.CreateLoss(device, config.Loss, fallbackLoss);
                replicas.Add(new SdfTrainer(replicaModel, replicaOptimizer, replicaLoss, pool, initialParameters, batchPerReplica, eikonalWeight,
                    sampleOffset: checked(r * batchPerReplica)));
            }
            allReduce = createAllReduce([.. replicas.Select(t => t.Device)], model.ParameterCount);
            return new DataParallelSdfTrainer(replicas, allReduce, [.. owned, .. otherDevices]);
        }
        catch
        {
            foreach (var replica in replicas) replica.Dispose();
            allReduce?.Dispose();
            foreach (var item in owned) item.Dispose();
            foreach (var device in otherDevices) device.Dispose();
            throw;
        }
    }
}
