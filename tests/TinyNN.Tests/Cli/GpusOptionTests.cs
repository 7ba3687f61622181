using TinyNN.Tests.Alignment;

namespace TinyNN.Tests.Cli;

/// <summary>`tinynn sdf --gpus`: bad combinations and a machine without NCCL or GPUs are one-line errors (exit 2), before any work.</summary>
public sealed class GpusOptionTests
{
    [Fact]
    public void GpusWithDeviceCpuIsRejected()
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--gpus", "2", "--device", "cpu"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sdf: --gpus 2 trains on GPUs and cannot be combined with --device cpu", run.StandardError);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    public void GpusMustBeACountOrAll(string value)
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--gpus", value]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"sdf: --gpus must be a GPU count ≥ 1 or 'all' (got '{value}')", run.StandardError);
    }

    [Fact]
    public void MissingNcclOrGpusIsReportedBeforeTraining()
    {
        // CI has neither NCCL nor a GPU; a machine with NCCL but fewer than 64 GPUs reports the count instead.
        var run = AlignmentTools.RunTinyNN(["sdf", "--gpus", "64", "--steps", "1"]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("tinynn: sdf: --gpus 64", run.StandardError.Trim());
        Assert.True(run.StandardError.Contains("needs NCCL 2.x (libnccl.so.2), which could not be loaded", StringComparison.Ordinal)
            || run.StandardError.Contains("no CUDA GPU was found", StringComparison.Ordinal)
            || run.StandardError.Contains("asks for 64 GPUs but this machine has", StringComparison.Ordinal), run.StandardError);
        Assert.DoesNotContain("training", run.StandardOutput);
    }
}
