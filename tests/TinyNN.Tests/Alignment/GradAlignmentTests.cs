using TinyNN.IO;
using Xunit.Abstractions;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// `tinynn grad` against PyTorch autograd (float64, create_graph=True) on the same files and parameters, for every
/// model of <see cref="AlignmentCases"/>: output, dL₁/dx, dL₁/dθ, dL₂/dg, dL₂/dx and dL₂/dθ.
/// Tolerance ‖tinynn − torch‖ / ‖torch‖ ≤ 1e-5 per output file: both sides see the same float32 inputs and
/// parameters, so the difference is tinynn's float32 arithmetic alone. Each value is a few dot products of at most
/// 64 terms through at most four layers and back (twice for second order); float32 rounds each operation to 6e-8,
/// which such chains grow to 1e-7–1e-6 in norm (measured: 1e-7 to 1.3e-6, and 3e-6 where Frequency(6) feeds sin
/// arguments up to 2⁵π·x, which float32 rounds to 1e-7 relative). A wrong term (a missing σ″ product, a transposed
/// weight, a wrong grid vertex or padding column) moves a norm by 1e-3 or more. Per-file norms rather than
/// elementwise checks, so that tiny entries (a grid entry touched once) need no tolerance of their own. An output
/// whose reference is exactly zero (Nearest grids have no input derivative; ReLU → None networks are piecewise
/// linear, so dL₂/dx vanishes) must be exactly zero.
/// </summary>
public sealed class GradAlignmentTests(AlignmentFixture fixture, ITestOutputHelper log) : IClassFixture<AlignmentFixture>
{
    private const double Tolerance = 1e-5;

    private static readonly string[] Outputs = ["output", "dl_dinput", "dl_dparams", "dl2_ddl1_doutput", "dl2_dinput", "dl2_dparams"];

    public static TheoryData<string> Cases => AlignmentCases.Names;

    [AlignmentTheory]
    [MemberData(nameof(Cases))]
    public void TinyNNGradMatchesTorchAutograd(string name)
    {
        if (fixture.Problem is { } problem) Assert.Fail(problem);
        var tinynn = fixture.TinyNN(name);
        Assert.True(tinynn.ExitCode == 0, $"tinynn grad failed: {tinynn.Describe()}");
        string[] expectedFiles = [.. Outputs.Append("params").Select(o => o + ".npy").Order(StringComparer.Ordinal)];
        Assert.Equal(expectedFiles, Directory.GetFiles(fixture.TinyNNFolder(name)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        var torchOutput = Path.Combine(fixture.TorchFolder(name), "output.npy");
        Assert.True(File.Exists(torchOutput), $"the PyTorch oracle wrote nothing for this case: {fixture.Oracle?.Describe()}");

        var report = new List<string>();
        var failed = false;
        foreach (var output in Outputs)
        {
            var actual = NpyFile.Read(Path.Combine(fixture.TinyNNFolder(name), output + ".npy"));
            var (expected, shape) = Npy64.Read(Path.Combine(fixture.TorchFolder(name), output + ".npy"));
            Assert.True(shape.SequenceEqual(actual.Shape), $"{output}: tinynn shape {actual.ShapeText}, torch [{string.Join(", ", shape)}]");
            double difference = 0, reference = 0;
            for (var i = 0; i < expected.Length; i++)
            {
                difference += Math.Pow(actual.Data[i] - expected[i], 2);
                reference += expected[i] * expected[i];
            }
            var ok = reference == 0 ? difference == 0 : Math.Sqrt(difference / reference) <= Tolerance;
            failed |= !ok;
            report.Add(reference == 0
                ? $"{output}: torch is exactly 0, tinynn's norm {Math.Sqrt(difference):G3}{(ok ? "" : "  <-- FAIL")}"
                : $"{output}: relative error {Math.Sqrt(difference / reference):G3} (torch norm {Math.Sqrt(reference):G3}){(ok ? "" : "  <-- FAIL")}");
        }
        foreach (var line in report) log.WriteLine(line);
        Assert.False(failed, $"{name}: ‖tinynn − torch‖/‖torch‖ must be ≤ {Tolerance}:\n  " + string.Join("\n  ", report));
    }

    /// <summary>The oracle's own checks (numpy forward, finite differences, hand-computed grids, tcnn's SH constants).</summary>
    [AlignmentFact]
    public void OracleSelfTestsPass()
    {
        if (AlignmentTools.PythonProblem() is { } problem) Assert.Fail(problem);
        var run = ProcessRun.Start(AlignmentTools.Python, ["-m", "unittest", "discover", "-s", AlignmentTools.OracleFolder], AlignmentTools.OracleFolder);
        Assert.True(run.ExitCode == 0, $"tests/alignment/test_torch_reference.py failed:\n{run.StandardError}");
    }
}
