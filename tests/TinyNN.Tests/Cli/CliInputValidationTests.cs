using TinyNN.Tests.Alignment;

namespace TinyNN.Tests.Cli;

/// <summary>
/// Bad input as a user would type it, through the CLI: each one is refused up front, before any work (no ground
/// truth, no training), with one line that names the option or file, the value and what is accepted (upper limits
/// included), and exit code 2.
/// </summary>
public sealed class CliInputValidationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-validation-" + Guid.NewGuid().ToString("N"));

    public CliInputValidationTests() => Directory.CreateDirectory(directory);

    public static TheoryData<string[], string> SdfOptions => new()
    {
        { ["--steps", "99999999999"], "--steps must be an integer from 1 to 2147483647 (got '99999999999')" },
        { ["--batch", "2147483647"], "--batch must be an integer from 1 to 16777216 (got '2147483647')" },
        { ["--resolution", "2147483647"], "--resolution must be an integer from 16 to 1024 (got '2147483647')" },
        { ["--pool", "2147483647"], "--pool must be an integer from 1024 to 67108864 (got '2147483647')" },
        { ["--lambda", "1e30"], "--lambda must be a number from 0 to 100 (got '1e30')" },
        { ["--lambda", "NaN"], "--lambda must be a number from 0 to 100 (got 'NaN')" },
        { ["--checkpoint-every", "-1"], "--checkpoint-every must be an integer from 0 to 2147483647 (0: only at the end) (got '-1')" },
        { ["--format", "stl"], "--format must be obj or ply (got 'stl')" },
    };

    [Theory]
    [MemberData(nameof(SdfOptions))]
    public void SdfOptionsOutOfRangeStateTheirLimits(string[] option, string expected)
    {
        var run = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--out", Path.Combine(directory, "out"), .. option]);
        AssertRefused(run, "sdf: " + expected);
    }

    [Fact]
    public void AFolderWhereAFileIsExpectedIsNamed()
    {
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--mesh", directory, "--out", Path.Combine(directory, "out")]),
            $"sdf: --mesh {directory} is a folder; expected a file");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", directory, "--out", Path.Combine(directory, "out")]),
            $"sdf: --config {directory} is a folder; expected a file");
        AssertRefused(AlignmentTools.RunTinyNN(["grad", "--device", "cpu", "--config", directory, "--input", "x.npy", "--dl-doutput", "g.npy",
            "--out", Path.Combine(directory, "out")]), $"grad: --config {directory} is a folder; expected a file");
        var config = Path.Combine(directory, "model.json");
        File.WriteAllText(config, """{"network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}}""");
        AssertRefused(AlignmentTools.RunTinyNN(["grad", "--device", "cpu", "--config", config, "--input", directory, "--dl-doutput", "g.npy",
            "--out", Path.Combine(directory, "out")]), $"grad: --input {directory} is a folder; expected a file");
        var file = Path.Combine(directory, "notes.txt");
        File.WriteAllText(file, "not a checkpoint");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--resume", file]), $"sdf: --resume {file} is a file");
    }

    [Fact]
    public void AnUnusableOutFolderIsRefusedBeforeAnyWork()
    {
        var file = Path.Combine(directory, "taken");
        File.WriteAllText(file, "");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--out", file]), $"sdf: --out {file} is a file; expected a folder");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--out", Path.Combine(file, "below")]), $"sdf: --out {Path.Combine(file, "below")} cannot be created: {file} is a file");
        AssertRefused(AlignmentTools.RunTinyNN(["grad", "--config", "c.json", "--input", "x.npy", "--dl-doutput", "g.npy", "--out", file]), $"grad: --out {file} is a file");
    }

    [Fact]
    public void ModelsThatCannotFitAreRefusedWithTheLimit()
    {
        var wide = Path.Combine(directory, "wide.json");
        File.WriteAllText(wide, """{"network": {"otype": "CutlassMLP", "n_neurons": 2147483647, "n_hidden_layers": 2}}""");
        var run = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", wide, "--out", Path.Combine(directory, "out")]);
        AssertRefused(run, $"{wide} makes a model of");
        Assert.Contains("at most 2,147,483,591 fit one array", run.StandardError);

        // Fits one array, not any machine's memory: 2^24 samples × 33 layers of 128.
        var deep = Path.Combine(directory, "deep.json");
        File.WriteAllText(deep, """{"network": {"otype": "FullyFusedMLP", "n_neurons": 128, "n_hidden_layers": 32}}""");
        run = AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", deep, "--batch", "16777216", "--out", Path.Combine(directory, "out")]);
        AssertRefused(run, "memory, more than the");
        Assert.Contains("lower --batch", run.StandardError);

        // grad refuses the same model instead of initialising parameters for minutes.
        var x = Path.Combine(directory, "x.npy");
        var g = Path.Combine(directory, "g.npy");
        TinyNN.IO.NpyFile.Write(x, new float[6], 2, 3);
        TinyNN.IO.NpyFile.Write(g, new float[2], 2, 1);
        run = AlignmentTools.RunTinyNN(["grad", "--device", "cpu", "--config", wide, "--input", x, "--dl-doutput", g, "--out", Path.Combine(directory, "grad")]);
        AssertRefused(run, $"grad: {wide} makes a model of");
        Assert.False(Directory.Exists(Path.Combine(directory, "grad")));
    }

    [Fact]
    public void EncodingConstructorErrorsNameTheFileAndJsonPath()
    {
        var scale = Path.Combine(directory, "scale.json");
        File.WriteAllText(scale, """{"encoding": {"otype": "HashGrid", "per_level_scale": 1e30}, "network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}}""");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", scale, "--out", Path.Combine(directory, "out")]),
            $"{scale}: encoding.per_level_scale: grid level 1: scale");
        var levels = Path.Combine(directory, "levels.json");
        File.WriteAllText(levels, """{"encoding": {"otype": "HashGrid", "n_levels": 16, "log2_hashmap_size": 30}, "network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}}""");
        AssertRefused(AlignmentTools.RunTinyNN(["sdf", "--device", "cpu", "--config", levels, "--out", Path.Combine(directory, "out")]),
            $"{levels}: encoding.n_levels: grid levels 0..");
    }

    public static TheoryData<string[], string> BenchOptions => new()
    {
        { ["--batches", "31"], "--batches takes comma-separated integers from 1 to 24 (log2 of the batch size); '31' is not one" },
        { ["--batches", "16,-3"], "--batches takes comma-separated integers from 1 to 24 (log2 of the batch size); '-3' is not one (in '16,-3')" },
        { ["--batches", "40"], "--batches takes comma-separated integers from 1 to 24 (log2 of the batch size); '40' is not one" },
        { ["--repeats", "0"], "--repeats must be an integer from 1 to 10000 (got '0')" },
        { ["--layers", "0"], "--layers must be an integer from 1 to 32 (got '0')" },
        { ["--steps", "train,fast"], "--steps takes comma-separated steps of inference, train, eikonal, eikonal-fused; 'fast' is not one" },
        { ["--encoding", "hashgrid", "--batches", "33"], "--batches takes comma-separated integers from 1 to 24 (log2 of the batch size); '33' is not one" },
    };

    [Theory]
    [MemberData(nameof(BenchOptions))]
    public void BenchOptionsOutOfRangeAreRefused(string[] option, string expected)
    {
        var run = AlignmentTools.RunTinyNN(["bench", "--device", "cpu", .. option]);
        AssertRefused(run, "bench: " + expected);
        Assert.DoesNotContain("device:", run.StandardError);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Exit code 2, one stderr line (the error) holding <paramref name="expected"/>, and no work begun.</summary>
    private static void AssertRefused(ProcessRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.Describe());
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.StartsWith("tinynn: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("ground truth", run.StandardError + run.StandardOutput);
        Assert.DoesNotContain("training", run.StandardOutput);
    }
}
