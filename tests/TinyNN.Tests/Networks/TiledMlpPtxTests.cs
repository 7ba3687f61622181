using System.Text.RegularExpressions;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;
using TinyNN.Tests.Devices;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The tiled passes compiled offline to SM 9.0 PTX (no GPU): every call inlined, float32 only, no local memory on the
/// SIMT path, and on the tensor-core path whole generated tensor steps (3×TF32: 3 mma.sync for each of the 2 × 8 tiles
/// of a warp's block). tools/PtxCounts prints the full instruction counts for before/after comparisons.
/// </summary>
public sealed class TiledMlpPtxTests
{
    public static TheoryData<string> Passes() =>
    [
        nameof(TiledMlpKernels.Forward), nameof(TiledMlpKernels.Backward), nameof(TiledMlpKernels.TangentSweep),
        nameof(TiledMlpKernels.SecondAdjointSweep),
    ];

    private static string Compile(string pass, Type cores)
    {
        using var compiler = new PtxCompiler();
        var kernel = PtxAssert.Method(typeof(TiledMlpKernels), pass).MakeGenericMethod(typeof(Softplus), typeof(None), cores);
        return compiler.CompileExplicitlyGrouped(kernel);
    }

    private static int Count(string ptx, string instruction) => Regex.Matches(ptx, Regex.Escape(instruction)).Count;

    [Theory, MemberData(nameof(Passes))]
    public void SimtPassIsInlinedFloat32WithoutLocalMemory(string pass)
    {
        var ptx = Compile(pass, typeof(WithoutTensorCores));
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), $"{pass}: every call must inline");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), $"{pass}: float64 arithmetic leaked into the kernel");
        Assert.Equal(0, Count(ptx, "mma.sync"));
    }

    [Theory, MemberData(nameof(Passes))]
    public void TensorCorePassRunsWholeTensorSteps(string pass)
    {
        var ptx = Compile(pass, typeof(WithTensorCores));
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), $"{pass}: every call must inline");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), $"{pass}: float64 arithmetic leaked into the kernel");
        var mma = Count(ptx, "mma.sync.aligned.m16n8k8");
        Assert.True(mma > 0 && mma % 48 == 0, $"{pass}: {mma} mma.sync, expected whole tensor steps of 48");
        // The simulator's emulation of the instruction (warp shuffles) must not ride along in the GPU's code.
        Assert.Equal(0, Count(ptx, "shfl.sync"));
    }
}
