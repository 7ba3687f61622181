using System.Diagnostics;

namespace TinyNN.Package.Tests;

/// <summary>A finished child process: the command line, its exit code and what it printed.</summary>
public sealed record CommandRun(string CommandLine, int ExitCode, string Output)
{
    /// <summary>The command, its exit code and output, for assertion messages.</summary>
    public override string ToString() => $"`{CommandLine}` exited with {ExitCode}:\n{Output}";
}

/// <summary>Runs the dotnet CLI (or a program it installed) the way a user's shell would.</summary>
public static class DotnetCommand
{
    /// <summary>The dotnet host that runs these tests (the CLI names itself to children), else `dotnet` on PATH.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>.</summary>
    public static CommandRun Dotnet(string directory, TimeSpan timeout, params string[] arguments) => Run(Host, directory, timeout, arguments);

    /// <summary>Runs <paramref name="program"/> to completion, killing it after <paramref name="timeout"/>.</summary>
    public static CommandRun Run(string program, string directory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // `dotnet test` hands its MSBuild's paths to the test host; a child build must find its own, as in a fresh shell.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // The tool must put its own (installed) root on the path of what it runs: the same dotnet as ours.
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ResolveHost())) ?? "";
        var commandLine = $"{Path.GetFileName(program)} {string.Join(' ', arguments)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {commandLine}");
        // Read both pipes concurrently so a chatty child cannot block on a full one.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` ran longer than {timeout.TotalSeconds} s; it printed:\n{output.Result}{error.Result}");
        }
        return new CommandRun(commandLine, process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The host's full path: DOTNET_HOST_PATH, else the `dotnet` found on PATH.</summary>
    private static string ResolveHost()
    {
        if (Path.IsPathRooted(Host)) return Host;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            .FirstOrDefault(File.Exists);
        return onPath is null ? Host : new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
    }
}
