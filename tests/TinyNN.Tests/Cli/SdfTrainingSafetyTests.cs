using TinyNN.Tests.Alignment;
using TinyNN.Training;

namespace TinyNN.Tests.Cli;

/// <summary>
/// Runs that used to end "successfully" with a useless result: a loss that explodes to huge but finite values stops
/// with exit code 3 and keeps the last good checkpoint; a field with no zero level set, an open mesh and absurd
/// coordinates are warned about on stderr.
/// </summary>
public sealed class SdfTrainingSafetyTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-safety-" + Guid.NewGuid().ToString("N"));

    public SdfTrainingSafetyTests() => Directory.CreateDirectory(directory);

    [Fact]
    public void AFiniteExplosionStopsTrainingAndKeepsTheLastGoodCheckpoint()
    {
        var config = Path.Combine(directory, "adam-1e3.json");
        File.WriteAllText(config, """
            {"encoding": {"otype": "HashGrid", "n_levels": 4, "log2_hashmap_size": 10, "base_resolution": 4, "per_level_scale": 1.5, "interpolation": "Smoothstep"},
             "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 2},
             "optimizer": {"otype": "Adam", "learning_rate": 1e3}}
            """);
        var output = Path.Combine(directory, "out");
        var run = AlignmentTools.RunTinyNN([.. SdfCheckpointFaultTests.Tiny(output, 50), "--config", config, "--checkpoint-every", "1"]);

        Assert.True(run.ExitCode == 3, run.Describe());
        var error = run.StandardError.Trim().Split('\n')[^1];
        Assert.StartsWith("tinynn: training diverged at step ", error);
        Assert.Contains("its lowest value", error);
        var kept = SdfCheckpoint.LoadNewest(output);
        Assert.Contains($"the last good checkpoint (step {kept.Step}) is kept", error);
        Assert.True(kept.Step >= 1 && kept.Parameters.All(float.IsFinite));
        Assert.All(kept.History, r => Assert.True(r.Sdf < 10, $"step {r.Step}: sdf loss {r.Sdf} in a kept checkpoint"));
        Assert.False(File.Exists(Path.Combine(output, "mesh.obj")));
    }

    [Fact]
    public void AFieldWithoutAZeroLevelSetIsWarnedAbout()
    {
        // exp(·) > 0 everywhere: the field can never cross zero, whatever training does.
        var config = Path.Combine(directory, "positive.json");
        File.WriteAllText(config, """
            {"encoding": {"otype": "HashGrid", "n_levels": 2, "log2_hashmap_size": 8, "base_resolution": 4, "per_level_scale": 1.5},
             "network": {"otype": "FullyFusedMLP", "activation": "ReLU", "output_activation": "Exponential", "n_neurons": 16, "n_hidden_layers": 1},
             "optimizer": {"otype": "SGD", "learning_rate": 1e-6}}
            """);
        var run = AlignmentTools.RunTinyNN([.. SdfCheckpointFaultTests.Tiny(Path.Combine(directory, "out"), 2), "--config", config]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("tinynn: warning: the learned SDF has no zero level set in [-1, 1]³", run.StandardError);
    }

    [Fact]
    public void AnOpenMeshWithHugeCoordinatesIsWarnedAbout()
    {
        var mesh = Path.Combine(directory, "open.obj");
        File.WriteAllText(mesh, "v 0 0 0\nv 1e30 0 0\nv 0 1e30 0\nv 0 0 1e30\nf 1 3 2\nf 1 2 4\n");
        var run = AlignmentTools.RunTinyNN([.. SdfCheckpointFaultTests.Tiny(Path.Combine(directory, "out"), 2), "--mesh", mesh]);

        var warnings = run.StandardError.Split('\n').Where(l => l.StartsWith("tinynn: warning:", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.Contains($"{mesh}: the mesh is not closed (4 open boundary edges, 0 non-manifold edges)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"{mesh}: coordinates reach 1e+30", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
