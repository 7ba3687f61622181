using TinyNN.Configs;
using TinyNN.Geometry;
using TinyNN.Models;
using TinyNN.Training;

namespace TinyNN.Tests.Training;

/// <summary>The trainer on the CPU fast path: it lowers both loss terms on a small problem, and checkpoints round-trip.</summary>
public sealed class SdfTrainerTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private const string Config = """
        {"encoding": {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 10, "base_resolution": 4,
                      "per_level_scale": 1.5, "interpolation": "Smoothstep"},
         "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 2},
         "optimizer": {"otype": "Adam", "learning_rate": 0.01, "beta2": 0.99, "epsilon": 1e-15}}
        """;

    private static readonly Lazy<SdfSamplePool> Pool = new(() => SdfSamplePool.Create(SdfGroundTruth.FromShape(AnalyticShapes.Default, 48), 8192, 1));

    [Fact]
    public void TrainingLowersTheSdfAndEikonalLosses()
    {
        var config = ModelConfig.Parse(Config);
        var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        using var trainer = new SdfTrainer(model, optimizer, loss, Pool.Value, model.InitialParameters(2), batchSize: 512, eikonalWeight: 0.1f);

        trainer.TrainStep();
        var first = trainer.ReadLosses();
        for (var i = 0; i < 150; i++) trainer.TrainStep();
        var last = trainer.ReadLosses();

        Assert.Equal(151, trainer.Step);
        Assert.Equal(TinyNN.Optimizers.NonFiniteKinds.None, trainer.CheckFinite());
        // The initial network is ≈ 0 everywhere (|∇f| ≈ 0: Eikonal term ≈ 1); 150 steps must cut both substantially.
        Assert.True(last.Sdf < 0.5 * first.Sdf, $"SDF loss {first.Sdf:0.0000} → {last.Sdf:0.0000}");
        Assert.True(last.Eikonal < 0.5 * first.Eikonal, $"Eikonal loss {first.Eikonal:0.0000} → {last.Eikonal:0.0000}");
    }

    [Fact]
    public void CheckpointRoundTripsAndResumesTheSameTrajectory()
    {
        var config = ModelConfig.Parse(Config);
        var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        var loss = TrainingFactory.CreateLoss(fixture.Device, null, "L1");
        var directory = Path.Combine(Path.GetTempPath(), "tinynn-checkpoint-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
            using var trainer = new SdfTrainer(model, optimizer, loss, Pool.Value, model.InitialParameters(2), 256, 0.1f);
            for (var i = 0; i < 5; i++) trainer.TrainStep();
            var history = new[] { new LossRecord(5, 0.5, 0.25) };
            new SdfCheckpoint(config, trainer.ReadParameters(), optimizer.ExportState(), trainer.Step, 0.1f, 256, "chain-links", history).Save(directory);
            new SdfCheckpoint(config, trainer.ReadParameters(), optimizer.ExportState(), trainer.Step, 0.1f, 256, "chain-links", history).Save(directory);
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(directory)!, $".{Path.GetFileName(directory)}*"));

            var loaded = SdfCheckpoint.Load(directory);
            Assert.Equal(config, loaded.Config);
            Assert.Equal(trainer.ReadParameters(), loaded.Parameters);
            Assert.Equal(5, loaded.Step);
            Assert.Equal(history, loaded.History);

            // Resuming continues where training stood: the same next step as the uninterrupted trainer, up to the order
            // of float32 atomic sums (parameter gradients and grid scatters are reduced in parallel).
            using var resumedOptimizer = TrainingFactory.CreateOptimizer(fixture.Device, loaded.Config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
            resumedOptimizer.ImportState(loaded.Optimizer);
            using var resumed = new SdfTrainer(model, resumedOptimizer, loss, Pool.Value, loaded.Parameters, 256, 0.1f);
            trainer.TrainStep();
            resumed.TrainStep();
            var expected = trainer.ReadParameters();
            var actual = resumed.ReadParameters();
            var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 1e-6f, $"resumed parameters differ by up to {worst:0.0e+0}");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void DamagedCheckpointsAreClearErrors()
    {
        var config = ModelConfig.Parse(Config);
        var model = ModelFactory.Create(fixture.Device, config, 3, 1);
        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var directory = Path.Combine(Path.GetTempPath(), "tinynn-checkpoint-" + Guid.NewGuid().ToString("N"));
        try
        {
            void Fresh() => new SdfCheckpoint(config, model.InitialParameters(1), optimizer.ExportState(), 0, 0.1f, 64, "chain-links", []).Save(directory);

            Fresh();
            var parameters = Path.Combine(directory, "params.npy");
            File.WriteAllBytes(parameters, File.ReadAllBytes(parameters)[..^10]);
            Assert.Contains("params.npy", Assert.ThrowsAny<InvalidDataException>(() => SdfCheckpoint.Load(directory)).Message);

            Fresh();
            File.Delete(Path.Combine(directory, "optimizer.json"));
            Assert.Contains("optimizer.json: missing", Assert.ThrowsAny<InvalidDataException>(() => SdfCheckpoint.Load(directory)).Message);

            Fresh();
            File.WriteAllText(Path.Combine(directory, "training.json"), "{\"format\": \"tinynn-sdf-checkpoint-1\", \"step\": ");
            Assert.Contains("training.json", Assert.ThrowsAny<InvalidDataException>(() => SdfCheckpoint.Load(directory)).Message);

            Fresh();
            var moments = Directory.GetFiles(directory, "optimizer.*.npy").First();
            TinyNN.IO.NpyFile.Write(moments, new float[3], 3);
            var state = SdfCheckpoint.Load(directory).Optimizer;
            var e = Assert.ThrowsAny<ArgumentException>(() => optimizer.ImportState(state));
            Assert.Contains("3", e.Message);

            Assert.ThrowsAny<DirectoryNotFoundException>(() => SdfCheckpoint.Load(directory + "-absent"));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
