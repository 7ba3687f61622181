using System.Diagnostics;

namespace TinyNN.Tests.Alignment;

/// <summary>A finished child process: its exit code and what it printed.</summary>
public sealed record ProcessRun(int ExitCode, string StandardOutput, string StandardError)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs <paramref name="program"/> to completion (killed after two minutes) and captures both streams; <paramref name="environment"/> adds variables.</summary>
    public static ProcessRun Start(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        // Read both pipes concurrently so a chatty child cannot block on a full one.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} ran longer than {Timeout.TotalSeconds} s");
        }
        return new ProcessRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Exit code and stderr, for assertion messages.</summary>
    public string Describe() => $"exit code {ExitCode}; stderr: {StandardError.Trim()}; stdout: {StandardOutput.Trim()}";
}
