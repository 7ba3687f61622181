using System.Diagnostics;
using System.Globalization;

namespace TinyNN.Tests.Cli;

/// <summary>
/// Signals in every phase of `tinynn sdf`: while training, SIGHUP (the terminal closed) saves a checkpoint like
/// Ctrl-C and exits 129; outside training (ground truth, meshing, pictures) SIGTERM ends the process promptly with
/// 143 instead of running on.
/// </summary>
public sealed class SdfSignalTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-signals-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void SighupWhileTrainingSavesACheckpointAndExits129()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // POSIX signals
        var (exitCode, output, seconds) = SignalWhen(["--steps", "400", "--checkpoint-every", "0"], "HUP", line => line.StartsWith("training", StringComparison.Ordinal));
        Assert.Equal(129, exitCode);
        Assert.Contains("by SIGHUP: checkpoint saved", output);
        Assert.True(File.Exists(Path.Combine(directory, "checkpoint", "manifest.json")), output);
        Assert.True(seconds < 30, $"took {seconds:0.0} s after the signal");
    }

    [Theory]
    [InlineData("ground truth")]
    [InlineData("mesh")]
    public void SigtermOutsideTrainingExits143Promptly(string phase)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // POSIX signals
        // A big pool makes the ground truth phase last; a fine grid the meshing one.
        string[] options = phase == "mesh" ? ["--steps", "2", "--resolution", "512"] : ["--steps", "2", "--pool", "4000000"];
        var (exitCode, output, seconds) = SignalWhen(options, "TERM", line => line.StartsWith(phase, StringComparison.Ordinal));
        Assert.Equal(143, exitCode);
        Assert.Contains("stopped by SIGTERM", output);
        Assert.True(seconds < 5, $"took {seconds:0.0} s after the signal");
        Assert.False(File.Exists(Path.Combine(directory, "metrics.json")));
        if (phase == "mesh") Assert.True(File.Exists(Path.Combine(directory, "checkpoint", "manifest.json")), "training's checkpoint comes before the outputs");
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Runs a tiny `tinynn sdf`, sends SIG<paramref name="signal"/> at the first stderr line <paramref name="when"/> accepts; exit code, stdout and seconds to exit.</summary>
    private (int ExitCode, string Output, double Seconds) SignalWhen(string[] options, string signal, Func<string, bool> when)
    {
        var tinynn = Path.Combine(AppContext.BaseDirectory, "tinynn.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { tinynn, "sdf", "--device", "cpu", "--batch", "256", "--pool", "4096", "--resolution", "16", "--out", directory }.Concat(options))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        // Progress bars redraw with '\r'; read characters and split on both.
        var line = new System.Text.StringBuilder();
        var seen = false;
        while (!seen && process.StandardError.Read() is var c and >= 0)
        {
            if (c is '\r' or '\n')
            {
                seen = when(line.ToString());
                line.Clear();
            }
            else
            {
                line.Append((char)c);
                seen = when(line.ToString());
            }
        }
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(seen, "the phase never started");
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(process.WaitForExit(60_000), $"tinynn did not stop within a minute of SIG{signal}");
        var seconds = watch.Elapsed.TotalSeconds;
        _ = error.Result;
        return (process.ExitCode, output.Result, seconds);
    }
}
