using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Distributed;
using TinyNN.Geometry;
using TinyNN.Models;
using TinyNN.Training;

namespace TinyNN.Tests.Training;

/// <summary>
/// `tinynn sdf`'s data-parallel trainer on CPU devices with the in-process all-reduce: replica r draws samples r·B.. of the
/// global batch, so two replicas of B follow one SdfTrainer of 2B to float32 rounding.
/// </summary>
public sealed class DataParallelSdfTrainerTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private const string Config = """
        {"encoding": {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 10, "base_resolution": 4,
                      "per_level_scale": 1.5, "interpolation": "Smoothstep"},
         "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 2},
         "optimizer": {"otype": "SGD", "learning_rate": 0.5, "l2_reg": 0}}
        """;

    private static readonly Lazy<SdfSamplePool> Pool = new(() => SdfSamplePool.Create(SdfGroundTruth.FromShape(AnalyticShapes.Default, 48), 4096, 1));

    [Fact]
    public void TwoReplicasOnTwoDevicesMatchOneTrainerOnTheGlobalBatch()
    {
        const int batch = 128, steps = 4;
        var config = ModelConfig.Parse(Config);
        using var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        var initial = model.InitialParameters(5);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");

        using var singleOptimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        using var single = new SdfTrainer(model, singleOptimizer, loss, Pool.Value, initial, 2 * batch, 0.1f);
        for (var s = 0; s < steps; s++) single.TrainStep();

        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var second = ComputeDevice.Open(DeviceKind.Cpu);
        using var parallel = SdfReplicas.CreateDataParallel(model, optimizer, loss, [second], config, Pool.Value, initial, batch, 0.1f,
            (devices, count) => new InProcessGradientAllReduce(devices, count));
        for (var s = 0; s < steps; s++) parallel.TrainStep();

        Assert.Equal(2 * batch, parallel.SamplesPerStep);
        Assert.Same(second, parallel.Replicas[1].Device);
        Assert.Equal(steps, parallel.Step);
        var expected = single.ReadParameters();
        var actual = parallel.ReadParameters();
        Assert.Equal(actual, parallel.Replicas[1].ReadParameters());
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        var moved = expected.Zip(initial, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 2e-5f, $"2 replicas differ from one trainer on the global batch by up to {worst:0.0e+0}");
        Assert.True(moved > 2e-3f, $"the steps moved the parameters by only {moved:0.0e+0}");
        // The losses are the mean of the replicas' means over equal shares: the mean over the global batch.
        var one = single.ReadLosses();
        var two = parallel.ReadLosses();
        Assert.Equal(0, parallel.CheckFinite() == TinyNN.Optimizers.NonFiniteKinds.None ? 0 : 1);
        Assert.True(Math.Abs(one.Sdf - two.Sdf) <= 1e-4 * Math.Max(1e-3, one.Sdf), $"SDF loss {one.Sdf} against {two.Sdf}");
        Assert.True(Math.Abs(one.Eikonal - two.Eikonal) <= 1e-4 * Math.Max(1e-3, one.Eikonal), $"Eikonal loss {one.Eikonal} against {two.Eikonal}");
    }

    [Fact]
    public void RejectsANegativeSampleOffset()
    {
        var config = ModelConfig.Parse(Config);
        using var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SdfTrainer(model, optimizer, loss, Pool.Value, model.InitialParameters(1), 16, 0.1f, sampleOffset: -16));
        Assert.Contains("the sample offset must be ≥ 0 (got -16)", error.Message);
    }
}
