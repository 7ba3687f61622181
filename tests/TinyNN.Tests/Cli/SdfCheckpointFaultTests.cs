using System.Text.Json.Nodes;
using TinyNN.Tests.Alignment;
using TinyNN.Training;

namespace TinyNN.Tests.Cli;

/// <summary>
/// `tinynn sdf`'s checkpoints under real faults: the process is killed (SIGKILL, no cleanup) or gets an I/O error at
/// every point of a periodic save, and `--resume` still finds the newest complete checkpoint, at most
/// --checkpoint-every steps behind, with no hidden folders left once it has run. Tiny CPU runs.
/// </summary>
public sealed class SdfCheckpointFaultTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-faults-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<CheckpointSavePoint> Points => [.. Enum.GetValues<CheckpointSavePoint>()];

    internal static string[] Tiny(string output, int steps) =>
        ["sdf", "--device", "cpu", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "256", "--pool", "4096",
            "--resolution", "16", "--out", output];

    [Theory]
    [MemberData(nameof(Points))]
    public void AKillDuringAPeriodicSaveLosesAtMostTheStepsSinceTheLastCheckpoint(CheckpointSavePoint point)
    {
        // Checkpoints every 2 steps; killed in the save of step 4 (the second one).
        var killed = AlignmentTools.RunTinyNN([.. Tiny(directory, 6), "--checkpoint-every", "2"],
            new Dictionary<string, string> { ["TINYNN_FAULT_CHECKPOINT"] = $"{point}:kill:2" });
        Assert.True(killed.ExitCode == 137, killed.Describe());

        var step = SdfCheckpoint.LoadNewest(directory).Step;
        Assert.Equal(point >= CheckpointSavePoint.Completed ? 4 : 2, step);
        Assert.Empty(Directory.GetDirectories(directory, ".checkpoint*"));
    }

    [Fact]
    public void ResumeAfterAKillBetweenTheRenamesFindsTheNewCheckpointAndTrainsOn()
    {
        var killed = AlignmentTools.RunTinyNN([.. Tiny(directory, 3), "--checkpoint-every", "1"],
            new Dictionary<string, string> { ["TINYNN_FAULT_CHECKPOINT"] = $"{CheckpointSavePoint.LiveMovedAside}:kill:2" });
        Assert.Equal(137, killed.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(directory, "checkpoint")), "the kill came after the live checkpoint was moved aside");

        var resumed = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--steps", "4", "--pool", "4096", "--resolution", "16", "--resume", directory]);
        Assert.True(resumed.ExitCode == 0, resumed.Describe());
        Assert.Contains("trained 2 steps", resumed.StandardOutput);
        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "checkpoint", "training.json")))!;
        Assert.Equal(4, (long)training["step"]!);
        Assert.Empty(Directory.GetDirectories(directory, ".checkpoint*"));
    }

    [Fact]
    public void AnIoErrorDuringASaveStopsWithAMessageAndKeepsTheLastCheckpoint()
    {
        var failed = AlignmentTools.RunTinyNN([.. Tiny(directory, 6), "--checkpoint-every", "2"],
            new Dictionary<string, string> { ["TINYNN_FAULT_CHECKPOINT"] = $"{CheckpointSavePoint.FilesWritten}:io:2" });
        Assert.True(failed.ExitCode == 2, failed.Describe());
        var error = failed.StandardError.Trim().Split('\n')[^1];
        Assert.Contains("could not save the checkpoint of step 4", error);
        Assert.Contains("the last good checkpoint (step 2) is kept in", error);
        Assert.Equal(2, SdfCheckpoint.LoadNewest(directory).Step);
        Assert.Empty(Directory.GetDirectories(directory, ".checkpoint*"));
    }

    [Fact]
    public void ResumeWithNoStepsLeftOrADamagedTrainingFileIsAClearError()
    {
        var run = AlignmentTools.RunTinyNN([.. Tiny(directory, 2), "--checkpoint-every", "1"],
            new Dictionary<string, string> { ["TINYNN_FAULT_CHECKPOINT"] = $"{CheckpointSavePoint.NewMovedIn}:kill:2" });
        Assert.Equal(137, run.ExitCode);

        var nothing = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--steps", "2", "--resume", directory]);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("the checkpoint is at step 2, so --steps 2 leaves nothing to train", nothing.StandardError);

        var training = Path.Combine(directory, "checkpoint", "training.json");
        var json = JsonNode.Parse(File.ReadAllText(training))!;
        json["step"] = -1;
        File.WriteAllText(training, json.ToJsonString());
        // The edit breaks the manifest's hash: the checkpoint is no longer complete, and Load says what is wrong with it.
        var damaged = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--steps", "5", "--resume", directory]);
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains($"{training}: ", damaged.StandardError);
        Assert.Single(damaged.StandardError.Trim().Split('\n'));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
