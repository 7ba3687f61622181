using System.Text.Json.Nodes;
using TinyNN.Tests.Alignment;

namespace TinyNN.Tests.Cli;

/// <summary>
/// `tinynn sdf` end to end on the CPU (the quick preset, shortened): every output exists and the metrics are
/// those of a recognisable shape; a resume continues the step count; bad input is a one-line error.
/// </summary>
public sealed class SdfCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-sdf-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void QuickRunWritesEveryOutputWithSaneMetricsAndResumes()
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--quick", "--device", "cpu", "--steps", "200", "--resolution", "64", "--pool", "32768", "--image-size", "256", "--out", directory]);
        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        foreach (var file in new[] { "mesh.obj", "render.png", "slice.png", "loss.png", "metrics.json", "checkpoint/config.json", "checkpoint/params.npy",
            "checkpoint/optimizer.json", "checkpoint/training.json" })
        {
            Assert.True(new FileInfo(Path.Combine(directory, file)).Length > 0, $"{file} is missing or empty");
        }
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "metrics.json")))!;
        // 200 quick steps give a recognisable shape (a full quick run does far better; these bounds catch a broken pipeline).
        Assert.True((double)metrics["iou"]! > 0.8, $"IoU {metrics["iou"]}");
        Assert.True((double)metrics["chamfer_l1"]! < 0.03, $"Chamfer-L1 {metrics["chamfer_l1"]}");
        Assert.True((double)metrics["mean_abs_sdf_error_near_surface"]! < 0.02, $"mean |SDF error| {metrics["mean_abs_sdf_error_near_surface"]}");
        Assert.True((double)metrics["eikonal_residual"]! < 0.5, $"Eikonal residual {metrics["eikonal_residual"]}");
        Assert.Equal(200, (int)metrics["steps"]!);

        var resumed = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--steps", "210", "--resolution", "32", "--pool", "8192", "--image-size", "256", "--resume", directory]);
        Assert.True(resumed.ExitCode == 0, resumed.StandardError + resumed.StandardOutput);
        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "checkpoint", "training.json")))!;
        Assert.Equal(210, (long)training["step"]!);
    }

    [Fact]
    public void DamagedCheckpointAndMissingMeshAreOneLineErrors()
    {
        Directory.CreateDirectory(Path.Combine(directory, "checkpoint"));
        File.WriteAllText(Path.Combine(directory, "checkpoint", "config.json"), "{\"network\": {\"otype\": \"FullyFusedMLP\"}}");
        var run = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--resume", directory]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("params.npy", run.StandardError);
        Assert.Single(run.StandardError.Trim().Split('\n'));

        var mesh = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--mesh", Path.Combine(directory, "absent.obj"), "--out", directory]);
        Assert.NotEqual(0, mesh.ExitCode);
        Assert.Contains("absent.obj", mesh.StandardError);
        Assert.Single(mesh.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public void HelpAfterACommandPrintsTheUsageAndRunsNothing()
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--help", "--out", directory]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("tinynn sdf [options]", run.StandardOutput);
        Assert.Contains("--lambda", run.StandardOutput);
        // Every option's help states its range and default.
        Assert.Contains("--steps <N>", run.StandardOutput);
        Assert.Contains("1..2147483647", run.StandardOutput);
        Assert.Contains("0..100 [default: 0.1", run.StandardOutput);
        Assert.False(Directory.Exists(Path.Combine(directory, "checkpoint")));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

/// <summary>An interrupted `tinynn sdf` (SIGTERM, as a service manager sends) saves a checkpoint, says how to resume and exits 143 (128 + 15).</summary>
public sealed class SdfInterruptTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-sdf-interrupt-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TerminationSavesACheckpoint()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // POSIX signals
        var tinynn = Path.Combine(AppContext.BaseDirectory, "tinynn.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var info = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { tinynn, "sdf", "--quick", "--device", "cpu", "--steps", "400", "--pool", "8192", "--out", directory }) info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        // Wait until training runs (its progress line), then ask the process to stop.
        var started = false;
        while (!started && process.StandardError.ReadLine() is { } line) started = line.StartsWith("training", StringComparison.Ordinal);
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(started, "training never started");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(process.WaitForExit(60_000), "tinynn did not stop within a minute of SIGTERM");

        Assert.Equal(143, process.ExitCode);
        var printed = await output;
        Assert.Contains("interrupted at step", printed);
        Assert.Contains("--resume", printed);
        Assert.True(File.Exists(Path.Combine(directory, "checkpoint", "params.npy")), await error);
        Assert.Empty(Directory.GetDirectories(directory, ".checkpoint*"));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

/// <summary>A diverging configuration stops with one clear line and no checkpoint, instead of hanging or saving NaN.</summary>
public sealed class SdfDivergenceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-sdf-diverge-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void DivergenceIsAClearErrorWithoutCheckpoint()
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "diverge.json");
        File.WriteAllText(config, """
            {"encoding": {"otype": "HashGrid", "n_levels": 4, "log2_hashmap_size": 10, "base_resolution": 4, "per_level_scale": 1.5, "interpolation": "Smoothstep"},
             "network": {"otype": "FullyFusedMLP", "activation": "Exponential", "n_neurons": 16, "n_hidden_layers": 2},
             "optimizer": {"otype": "SGD", "learning_rate": 1e30}}
            """);
        var output = Path.Combine(directory, "out");
        // 1000 steps are checked every 10th, so the steps in between run on NaN parameters through the host's float
        // atomics: they must finish (FloatAtomics), not hang, for the check to report the divergence.
        var run = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", config, "--steps", "1000", "--pool", "4096", "--batch", "256", "--out", output]);

        Assert.NotEqual(0, run.ExitCode);
        // Progress lines precede it on stderr; the error is the one line tinynn: prefixes, and the last.
        var errors = run.StandardError.Trim().Split('\n').Where(l => l.StartsWith("tinynn:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains("training diverged", errors[0]);
        Assert.EndsWith(errors[0], run.StandardError.Trim());
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoint")));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
