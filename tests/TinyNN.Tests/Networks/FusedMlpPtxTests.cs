using System.Reflection;
using System.Text.RegularExpressions;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// Every fused MLP pass compiled offline to SM 9.0 PTX (no GPU needed): fully inlined, float32 only, and no local
/// memory, which in ILGPU's output would mean an array indexed by a loop variable or a non-inlined call.
/// (Register spills are decided later by ptxas; the GPU script's timings show those.)
/// </summary>
public sealed class FusedMlpPtxTests
{
    public static TheoryData<string, Type> Kernels() => new()
    {
        { nameof(FusedMlpKernels.Forward), typeof(Vector16) },
        { nameof(FusedMlpKernels.Backward), typeof(Vector16) },
        { nameof(FusedMlpKernels.TangentSweep), typeof(Vector16) },
        { nameof(FusedMlpKernels.AdjointSweep), typeof(Vector16) },
        { nameof(FusedMlpKernels.SecondAdjointSweep), typeof(Vector16) },
        { nameof(FusedMlpKernels.SecondAdjointSweep), typeof(Vector32) },
        { nameof(FusedMlpKernels.SecondAdjointSweep), typeof(Vector64) },
        { nameof(FusedMlpKernels.Forward), typeof(Vector64) },
    };

    [Theory, MemberData(nameof(Kernels))]
    public void CompilesToCleanPtx(string name, Type vector)
    {
        var kernel = typeof(FusedMlpKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!
            .MakeGenericMethod(vector, typeof(Softplus), typeof(Sigmoid));
        using var compiler = new PtxCompiler();
        var ptx = compiler.Compile(kernel);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), $"{name}: every call must inline");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), $"{name}: float64 arithmetic leaked into the kernel");
    }
}
