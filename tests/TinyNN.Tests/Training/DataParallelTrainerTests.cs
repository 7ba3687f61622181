using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Distributed;
using TinyNN.Models;
using TinyNN.Training;

namespace TinyNN.Tests.Training;

/// <summary>
/// Data-parallel training against one trainer on the whole batch: N replicas with batch B each, their gradients summed by
/// the in-process all-reduce, must follow the same trajectory as one replica with batch N·B (to float32 rounding, since
/// the batch sums are taken in another order), with the Eikonal term's second-order gradient included.
/// </summary>
public sealed class DataParallelTrainerTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private const string GridAndMlp = """
        {"encoding": {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 8, "base_resolution": 4,
                      "per_level_scale": 1.5, "interpolation": "Smoothstep"},
         "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 2},
         "optimizer": OPTIMIZER}
        """;

    private const int BatchPerReplica = 64, Steps = 4;

    // Parameters after Steps steps agree to this (float32 sums in another order); the steps move them far more.
    private const float Tolerance = 2e-5f;

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void SgdReplicasMatchOneTrainerOnTheSummedBatch(int replicas)
    {
        // SGD is linear in the gradient: a wrong scale of the summed gradient (no division by N) moves it N times as far.
        var (single, parallel, moved) = Run(replicas, """{"otype": "SGD", "learning_rate": 0.5, "l2_reg": 0}""");
        var worst = MaxDifference(single, parallel);
        Assert.True(worst <= Tolerance, $"{replicas} replicas differ from one trainer on the summed batch by up to {worst:0.0e+0}");
        Assert.True(moved > 100 * Tolerance, $"the steps moved the parameters by only {moved:0.0e+0}: the comparison would prove nothing");
    }

    [Fact]
    public void AdamReplicasStayIdenticalAndMatchOneTrainer()
    {
        var (single, parallel, moved) = Run(2, """{"otype": "Adam", "learning_rate": 0.01, "epsilon": 1e-8}""");
        var worst = MaxDifference(single, parallel);
        Assert.True(worst <= Tolerance, $"2 Adam replicas differ from one trainer on the summed batch by up to {worst:0.0e+0}");
        Assert.True(moved > 100 * Tolerance, $"the steps moved the parameters by only {moved:0.0e+0}");
    }

    [Fact]
    public void OneReplicaAloneDoesNotMatchTheSummedBatch()
    {
        // The negative control: replica 0 stepping on its own share (no all-reduce) must fail the comparison above.
        var config = ModelConfig.Parse(GridAndMlp.Replace("OPTIMIZER", """{"otype": "SGD", "learning_rate": 0.5, "l2_reg": 0}"""));
        using var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        var (x, y) = Data(2 * BatchPerReplica);
        var initial = model.InitialParameters(3);
        var whole = TrainAlone(model, config, initial, x, y, 2 * BatchPerReplica);
        var share = TrainAlone(model, config, initial, x[..(3 * BatchPerReplica)], y[..BatchPerReplica], BatchPerReplica);
        Assert.True(MaxDifference(whole, share) > 10 * Tolerance, "one share's gradient matched the whole batch's: the data carry no signal");
    }

    [Fact]
    public void RejectsReplicasThatDoNotFitTheAllReduce()
    {
        var config = ModelConfig.Parse(GridAndMlp.Replace("OPTIMIZER", """{"otype": "SGD"}"""));
        using var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        using var optimizerA = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        using var optimizerB = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        using var a = new Trainer(model, loss, optimizerA, model.InitialParameters(1), 32);
        using var b = new Trainer(model, loss, optimizerB, model.InitialParameters(1), 16);
        using var two = new InProcessGradientAllReduce([fixture.Device, fixture.Device], model.ParameterCount);
        using var three = new InProcessGradientAllReduce([fixture.Device, fixture.Device, fixture.Device], model.ParameterCount);
        using var shorter = new InProcessGradientAllReduce([fixture.Device, fixture.Device], model.ParameterCount - 1);

        var count = Assert.Throws<ArgumentException>(() => new DataParallelTrainer([a, a], three));
        Assert.Contains("drives 3 local replicas; got 2 trainers", count.Message);
        var batches = Assert.Throws<ArgumentException>(() => new DataParallelTrainer([a, b], two));
        Assert.Contains("replica 0 takes 32, replica 1 16", batches.Message);
        var length = Assert.Throws<ArgumentException>(() => new DataParallelTrainer([a, a], shorter));
        Assert.Contains($"replica 0 has {model.ParameterCount} parameters; the all-reduce sums {model.ParameterCount - 1}", length.Message);
        using var other = ComputeDevice.Open(DeviceKind.Cpu);
        using var elsewhere = new InProcessGradientAllReduce([fixture.Device, other], model.ParameterCount);
        var device = Assert.Throws<ArgumentException>(() => new DataParallelTrainer([a, a], elsewhere));
        Assert.Contains("not on the all-reduce's local device 1", device.Message);
        var parallel = new DataParallelTrainer([a, a], two);
        var inputs = Assert.Throws<ArgumentException>(() => parallel.TrainStep([default(ArrayView<float>)], [default(ArrayView<float>)]));
        Assert.Contains("one input and one target per local replica (2); got 1 inputs and 1 targets", inputs.Message);
    }

    /// <summary>One trainer on N·B samples and N replicas on B each, from the same parameters: both final parameter vectors and how far the steps moved them.</summary>
    private (float[] Single, float[] Parallel, float Moved) Run(int replicas, string optimizerJson)
    {
        var config = ModelConfig.Parse(GridAndMlp.Replace("OPTIMIZER", optimizerJson));
        using var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        var initial = model.InitialParameters(3);
        var (x, y) = Data(replicas * BatchPerReplica);
        var single = TrainAlone(model, config, initial, x, y, replicas * BatchPerReplica);

        var a = fixture.Device.Accelerator;
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        var optimizers = Enumerable.Range(0, replicas)
            .Select(_ => TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount)).ToList();
        var trainers = optimizers.Select(o => new Trainer(model, loss, o, initial, BatchPerReplica, new EikonalRegularizer(fixture.Device, 0.1f))).ToList();
        var inputs = Enumerable.Range(0, replicas).Select(r => a.Allocate1D(x[(3 * BatchPerReplica * r)..(3 * BatchPerReplica * (r + 1))])).ToList();
        var targets = Enumerable.Range(0, replicas).Select(r => a.Allocate1D(y[(BatchPerReplica * r)..(BatchPerReplica * (r + 1))])).ToList();
        using var allReduce = new InProcessGradientAllReduce([.. Enumerable.Repeat(fixture.Device, replicas)], model.ParameterCount);
        try
        {
            var parallel = new DataParallelTrainer(trainers, allReduce);
            for (var s = 0; s < Steps; s++) parallel.TrainStep([.. inputs.Select(i => i.View)], [.. targets.Select(t => t.View)]);
            Assert.Equal(Steps, parallel.Step);
            Assert.Equal((long)replicas * BatchPerReplica, parallel.GlobalBatchSize);
            var result = parallel.ReadParameters();
            // Every replica stepped on the same summed gradient from the same parameters: they stay bit-identical.
            foreach (var trainer in trainers.Skip(1)) Assert.Equal(result, trainer.ReadParameters());
            return (single, result, MaxDifference(initial, single));
        }
        finally
        {
            foreach (var d in trainers.Cast<IDisposable>().Concat(optimizers).Concat(inputs).Concat(targets)) d.Dispose();
        }
    }

    private float[] TrainAlone(NetworkWithInputEncoding model, ModelConfig config, float[] initial, float[] x, float[] y, int batch)
    {
        var a = fixture.Device.Accelerator;
        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        using var trainer = new Trainer(model, loss, optimizer, initial, batch, new EikonalRegularizer(fixture.Device, 0.1f));
        using var input = a.Allocate1D(x);
        using var target = a.Allocate1D(y);
        for (var s = 0; s < Steps; s++) trainer.TrainStep(input.View, target.View);
        return trainer.ReadParameters();
    }

    /// <summary>Points in [0, 1]³ and a sphere's signed distance as the target.</summary>
    private static (float[] X, float[] Y) Data(int samples)
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 3 * samples).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, samples).Select(s =>
            MathF.Sqrt(Enumerable.Range(0, 3).Sum(d => (x[3 * s + d] - 0.5f) * (x[3 * s + d] - 0.5f))) - 0.3f).ToArray();
        return (x, y);
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
}
