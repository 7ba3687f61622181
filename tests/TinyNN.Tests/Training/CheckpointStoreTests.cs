using System.Text.Json.Nodes;
using TinyNN.Configs;
using TinyNN.Optimizers;
using TinyNN.Training;

namespace TinyNN.Tests.Training;

/// <summary>
/// The checkpoint save protocol under faults: an I/O error or a kill at every point between its steps never loses
/// the last complete checkpoint, the newest complete one is what a resume finds, and what an interrupted save left
/// behind is cleaned up. A kill is simulated in-process by an exception the save does not handle (no cleanup runs);
/// the CLI tests kill a real process at each point.
/// </summary>
public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "tinynn-store-" + Guid.NewGuid().ToString("N"));

    private string Live => Path.Combine(root, "checkpoint");

    public static TheoryData<CheckpointSavePoint> Points => [.. Enum.GetValues<CheckpointSavePoint>()];

    [Theory]
    [MemberData(nameof(Points))]
    public void AnIoErrorAtEveryPointKeepsTheLastCompleteCheckpoint(CheckpointSavePoint point)
    {
        Checkpoint(1).Save(Live);
        var store = SdfCheckpoint.Store(Live, reached => { if (reached == point) throw new IOException("disk full (injected)"); });

        Assert.Throws<IOException>(() => Checkpoint(2).Save(store));

        // The save recovered on its way out: one live folder, complete, and nothing hidden left beside it.
        Assert.Empty(Hidden());
        var expected = point >= CheckpointSavePoint.Completed ? 2 : 1;
        Assert.Equal(expected, store.LiveStep());
        Assert.Equal(expected, SdfCheckpoint.LoadNewest(root).Step);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void AKillAtEveryPointLeavesACheckpointThatResumeFinds(CheckpointSavePoint point)
    {
        Checkpoint(1).Save(Live);
        var store = SdfCheckpoint.Store(Live, reached => { if (reached == point) throw new SimulatedKill(); });

        Assert.Throws<SimulatedKill>(() => Checkpoint(2).Save(store));

        var resumed = SdfCheckpoint.LoadNewest(root);
        Assert.Equal(point >= CheckpointSavePoint.Completed ? 2 : 1, resumed.Step);
        Assert.Equal(resumed.Step, resumed.History[^1].Step);
        Assert.Empty(Hidden());
        // And the next save goes through as usual.
        Checkpoint(3).Save(Live);
        Assert.Equal(3, SdfCheckpoint.LoadNewest(root).Step);
        Assert.Empty(Hidden());
    }

    [Fact]
    public void LeftoversOfAFirstSaveCutShortAreClearedByTheNextSave()
    {
        var store = SdfCheckpoint.Store(Live, reached => { if (reached == CheckpointSavePoint.FilesWritten) throw new SimulatedKill(); });
        Assert.Throws<SimulatedKill>(() => Checkpoint(1).Save(store));
        Assert.Single(Hidden());
        Assert.ThrowsAny<IOException>(() => SdfCheckpoint.LoadNewest(root));

        Checkpoint(2).Save(Live);
        Assert.Empty(Hidden());
        Assert.Equal(2, SdfCheckpoint.LoadNewest(root).Step);
    }

    [Fact]
    public void ALegacyCheckpointLeftHiddenByAnInterruptedSaveIsFoundAndOrphansAreCleared()
    {
        // What the previous save did when it failed between its two renames: the old checkpoint under a hidden name.
        Checkpoint(5).Save(Live);
        File.Delete(Path.Combine(Live, CheckpointManifest.FileName));
        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(Live, "training.json")))!;
        training["format"] = SdfCheckpoint.LegacyFormat;
        File.WriteAllText(Path.Combine(Live, "training.json"), training.ToJsonString());
        Directory.Move(Live, Path.Combine(root, ".checkpoint.old-0123"));
        Directory.CreateDirectory(Path.Combine(root, ".checkpoint.tmp-4567"));
        File.WriteAllText(Path.Combine(root, ".checkpoint.tmp-4567", "params.npy"), "half");

        Assert.Equal(5, SdfCheckpoint.LoadNewest(root).Step);
        Assert.True(Directory.Exists(Live));
        Assert.Empty(Hidden());
    }

    [Fact]
    public void ADamagedFileMakesACheckpointIncompleteAndAnOlderCompleteOneWins()
    {
        Checkpoint(1).Save(Live);
        Checkpoint(2).Save(Path.Combine(root, "newer"));
        Directory.Move(Path.Combine(root, "newer"), Path.Combine(root, ".checkpoint.tmp-89ab"));
        var parameters = Path.Combine(root, ".checkpoint.tmp-89ab", "params.npy");
        var bytes = File.ReadAllBytes(parameters);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(parameters, bytes);

        Assert.Null(CheckpointManifest.CompleteStep(Path.Combine(root, ".checkpoint.tmp-89ab")));
        Assert.Equal(1, SdfCheckpoint.LoadNewest(root).Step);
        Assert.Empty(Hidden());
    }

    [Fact]
    public void InconsistentTrainingAndOptimizerFilesAreErrorsNamingTheFile()
    {
        void Edit(string file, Action<JsonNode> change)
        {
            Checkpoint(3).Save(Live);
            var path = Path.Combine(Live, file);
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            change(json);
            File.WriteAllText(path, json.ToJsonString());
        }

        Edit("training.json", json => json["step"] = -4);
        Assert.Contains("training.json: step must be ≥ 0 (got -4)", Assert.Throws<InvalidDataException>(() => SdfCheckpoint.Load(Live)).Message);
        Edit("training.json", json => json["history"] = new JsonArray(new JsonArray(1, 0.5, 0.5)));
        Assert.Contains("training.json: the history ends at step 1, not at the checkpoint's step 3",
            Assert.Throws<InvalidDataException>(() => SdfCheckpoint.Load(Live)).Message);
        Edit("training.json", json => json["history"] = new JsonArray(new JsonArray(2, 0.5, 0.5), new JsonArray(7, 0.5, 0.5)));
        Assert.Contains("training.json: history[1] is at step 7", Assert.Throws<InvalidDataException>(() => SdfCheckpoint.Load(Live)).Message);
        Edit("optimizer.json", json => json["step_count"] = "three");
        var malformed = Assert.Throws<InvalidDataException>(() => SdfCheckpoint.Load(Live)).Message;
        Assert.Contains("optimizer.json: malformed", malformed);
        Assert.DoesNotContain("training.json", malformed);
        Edit("optimizer.json", json => json["step_count"] = 2);
        Assert.Contains("optimizer.json: step_count 2 differs from training.json's step 3", Assert.Throws<InvalidDataException>(() => SdfCheckpoint.Load(Live)).Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private string[] Hidden() => Directory.GetDirectories(root, ".checkpoint*");

    private static SdfCheckpoint Checkpoint(long step)
    {
        var config = ModelConfig.Parse("""{"network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}, "optimizer": {"otype": "Adam"}}""");
        var parameters = Enumerable.Range(0, 64).Select(i => (float)(i * step)).ToArray();
        var state = new OptimizerState("Adam", step, new Dictionary<string, float> { ["learning_rate"] = 0.01f },
            new Dictionary<string, float[]> { ["first_moments"] = new float[64], ["second_moments"] = new float[64] },
            new Dictionary<string, uint[]> { ["param_steps"] = new uint[64] }, null);
        return new SdfCheckpoint(config, parameters, state, step, 0.1f, 256, "chain-links", [.. Enumerable.Range(1, (int)step).Select(s => new LossRecord(s, 0.5 / s, 0.1))]);
    }

    private sealed class SimulatedKill : Exception;
}
