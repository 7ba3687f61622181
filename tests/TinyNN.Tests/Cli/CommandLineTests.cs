using TinyNN.Tests.Alignment;

namespace TinyNN.Tests.Cli;

/// <summary>
/// The command line as System.CommandLine parses it: unknown options and commands are one-line errors (exit 2) that
/// name the token and suggest the nearest correct one, help lists every command, and the [suggest] directive completes.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public void AMistypedOptionIsNamedWithASuggestion()
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--stpes", "10"]);
        Assert.True(run.ExitCode == 2, run.Describe());
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.StartsWith("tinynn: sdf: ", line);
        Assert.Contains("'--stpes'", line);
        Assert.Contains("--steps", line);
        Assert.DoesNotContain("training", run.StandardOutput);
    }

    [Fact]
    public void AnUnknownCommandIsNamedWithASuggestion()
    {
        var run = AlignmentTools.RunTinyNN(["bnech"]);
        Assert.True(run.ExitCode == 2, run.Describe());
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.StartsWith("tinynn: ", line);
        Assert.Contains("'bnech'", line);
        Assert.Contains("bench", line);
    }

    [Fact]
    public void AnOptionWithoutItsValueIsRefused()
    {
        var run = AlignmentTools.RunTinyNN(["bench", "--repeats"]);
        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.StartsWith("tinynn: bench: ", run.StandardError.Trim());
        Assert.Contains("--repeats", run.StandardError);
    }

    [Fact]
    public void CacheNeedsInfoOrClear()
    {
        var run = AlignmentTools.RunTinyNN(["cache"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tinynn: cache: expected one of info, clear", run.StandardError);
        run = AlignmentTools.RunTinyNN(["cache", "inof"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'inof'", run.StandardError);
    }

    [Fact]
    public void HelpListsEveryCommandAndABareCallExitsTwo()
    {
        var help = AlignmentTools.RunTinyNN(["help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "sdf", "grad", "activations", "mlp-check", "bench", "scaling", "nccl-check", "info", "cache" })
        {
            Assert.Contains(command, help.StandardOutput);
        }
        Assert.Contains("exit codes", help.StandardOutput);
        var bare = AlignmentTools.RunTinyNN([]);
        Assert.Equal(2, bare.ExitCode);
        Assert.Contains("sdf", bare.StandardOutput);
    }

    [Fact]
    public void BenchHelpStatesRangesAndDefaults()
    {
        var run = AlignmentTools.RunTinyNN(["bench", "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1..10000 [default: 20]", run.StandardOutput);
        Assert.Contains("1..32 [default: 3]", run.StandardOutput);
    }

    [Fact]
    public void TheSuggestDirectiveCompletesOptionsAndValues()
    {
        // What dotnet-suggest runs: the cursor position and the command line after the program's name.
        var run = AlignmentTools.RunTinyNN(["[suggest:9]", "sdf --ste"]);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("--steps", run.StandardOutput.Split('\n').Select(l => l.Trim()));
        run = AlignmentTools.RunTinyNN(["[suggest:13]", "sdf --format "]);
        Assert.Contains("ply", run.StandardOutput.Split('\n').Select(l => l.Trim()));
    }
}
