using TinyNN.IO;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// `tinynn grad` on bad input: a non-zero exit code, one line on stderr that names the offending file, and no file
/// in the output folder (everything is validated before anything is written). No PyTorch needed.
/// </summary>
public sealed class GradCommandErrorTests : IDisposable
{
    private const int Samples = 4;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "tinynn-grad-errors-" + Guid.NewGuid().ToString("N"));

    public GradCommandErrorTests()
    {
        Directory.CreateDirectory(Path.Combine(folder, "out"));
        File.WriteAllText(InFolder("model.json"), """{"network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}}""");
        NpyFile.Write(InFolder("x.npy"), new float[Samples * 3], Samples, 3);
        NpyFile.Write(InFolder("g.npy"), new float[Samples], Samples, 1);
        NpyFile.Write(InFolder("h.npy"), new float[Samples * 3], Samples, 3);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ValidFilesWriteEveryOutput()
    {
        var run = Grad();
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(7, Directory.GetFiles(InFolder("out")).Length);
    }

    [Fact]
    public void Float64InputIsRejected()
    {
        // A float64 .npy: the "<f8" header of the float32 file's shape with 8-byte values.
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 3), }";
        header = header.PadRight(128 - 10 - 1) + "\n";
        File.WriteAllBytes(InFolder("x.npy"), [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header), .. new byte[Samples * 3 * 8]]);
        AssertRejected(Grad(), "x.npy");
    }

    [Fact]
    public void OutputGradientWithOtherRowCountIsRejected()
    {
        NpyFile.Write(InFolder("g.npy"), new float[Samples + 1], Samples + 1, 1);
        AssertRejected(Grad(), "g.npy");
    }

    [Fact]
    public void DirectionOfOtherWidthIsRejected()
    {
        NpyFile.Write(InFolder("h.npy"), new float[Samples * 2], Samples, 2);
        AssertRejected(Grad(), "h.npy");
    }

    [Fact]
    public void ParametersOfWrongLengthAreRejected()
    {
        NpyFile.Write(InFolder("p.npy"), new float[10], 10);
        AssertRejected(Grad("--params", InFolder("p.npy")), "p.npy");
    }

    [Fact]
    public void MissingInputIsRejected()
    {
        File.Delete(InFolder("x.npy"));
        AssertRejected(Grad(), "x.npy");
    }

    [Theory]
    [InlineData("""{"network": {"otype": "FullyFusedMLP", "activation": "Relu2"}}""")]
    [InlineData("""{"network": {"otype": "FullyFusedMLP", "n_neurons": 48}}""")]
    [InlineData("""{"encoding": {"otype": "HashGrid", "n_features_per_level": 3}, "network": {}}""")]
    [InlineData("""{"network": {"otype": "FullyFusedMLP",""")]
    [InlineData("""{"encoding": {"otype": "Identity"}}""")]
    public void BadConfigIsRejected(string config)
    {
        File.WriteAllText(InFolder("model.json"), config);
        AssertRejected(Grad(), "model.json");
    }

    private string InFolder(string name) => Path.Combine(folder, name);

    private ProcessRun Grad(params string[] extra) => AlignmentTools.RunTinyNN(
        ["grad", "--config", InFolder("model.json"), "--input", InFolder("x.npy"), "--dl-doutput", InFolder("g.npy"), "--dl2-ddl1-dinput", InFolder("h.npy"),
         "--out", InFolder("out"), "--device", "cpu", .. extra]);

    private void AssertRejected(ProcessRun run, string file)
    {
        Assert.True(run.ExitCode != 0, $"expected a failure naming {file}; {run.Describe()}");
        var lines = run.StandardError.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{run.StandardError}");
        Assert.Contains(file, lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(InFolder("out")));
    }
}
