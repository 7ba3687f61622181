using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Distributed;
using TinyNN.Models;
using TinyNN.Optimizers;
using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn scaling`'s replicas: one Eikonal trainer per model (one per GPU) with its slice of a deterministic global batch
/// (points in [0, 1]³, a sphere's distance as target), stepped data-parallel through NCCL or, without the all-reduce, alone.
/// </summary>
internal sealed class ReplicaRun : IDisposable
{
    private readonly List<Optimizer> optimizers = [];
    private readonly List<Trainer> trainers = [];
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> buffers = [];
    private readonly ArrayView<float>[] inputs, targets;
    private readonly DataParallelTrainer? parallel;
    private readonly IGradientAllReduce? allReduce;

    public ReplicaRun(IReadOnlyList<NetworkWithInputEncoding> models, float[] initial, OptimizerConfig? optimizerConfig, int batch, int seed, bool allReduce)
    {
        var random = new Random(seed);
        inputs = new ArrayView<float>[models.Count];
        targets = new ArrayView<float>[models.Count];
        try
        {
            for (var r = 0; r < models.Count; r++)
            {
                var model = models[r];
                var device = model.Device;
                using var binding = device.Accelerator.BindScoped();
                var x = new float[3L * batch];
                for (var i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
                var y = new float[batch];
                for (var s = 0; s < batch; s++)
                {
                    float dx = x[3 * s] - 0.5f, dy = x[3 * s + 1] - 0.5f, dz = x[3 * s + 2] - 0.5f;
                    y[s] = MathF.Sqrt(dx * dx + dy * dy + dz * dz) - 0.3f;
                }
                buffers.Add(device.Accelerator.Allocate1D(x));
                inputs[r] = buffers[^1].View;
                buffers.Add(device.Accelerator.Allocate1D(y));
                targets[r] = buffers[^1].View;
                optimizers.Add(TrainingFactory.CreateOptimizer(device, optimizerConfig, model.ParameterCount, model.NetworkParameterCount));
                trainers.Add(new Trainer(model, TrainingFactory.CreateLoss(device, null, "L1"), optimizers[^1], initial, batch,
                    new EikonalRegularizer(device, 0.1f, inputScale: 0.5f)));
            }
            if (allReduce)
            {
                this.allReduce = NcclGradientAllReduce.CreateLocal([.. models.Select(m => m.Device)], models[0].ParameterCount);
                parallel = new DataParallelTrainer(trainers, this.allReduce);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>One step: data-parallel, or each trainer alone.</summary>
    public void Step()
    {
        if (parallel is not null)
        {
            parallel.TrainStep(inputs, targets);
            return;
        }
        for (var r = 0; r < trainers.Count; r++)
        {
            using var binding = trainers[r].Device.Accelerator.BindScoped();
            trainers[r].TrainStep(inputs[r], targets[r]);
        }
    }

    /// <summary>Waits for every GPU.</summary>
    public void Synchronize()
    {
        foreach (var trainer in trainers)
        {
            using var binding = trainer.Device.Accelerator.BindScoped();
            trainer.Device.Accelerator.Synchronize();
        }
    }

    /// <summary>Replica 0's parameters.</summary>
    public float[] ReadParameters()
    {
        using var binding = trainers[0].Device.Accelerator.BindScoped();
        return trainers[0].ReadParameters();
    }

    public void Dispose()
    {
        allReduce?.Dispose();
        foreach (var trainer in trainers) trainer.Dispose();
        foreach (var optimizer in optimizers) optimizer.Dispose();
        foreach (var buffer in buffers) buffer.Dispose();
    }
}
