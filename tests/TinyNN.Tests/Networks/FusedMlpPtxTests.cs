using TinyNN.Activations;
using TinyNN.Networks;
using TinyNN.Tests.Devices;

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
        PtxAssert.CompilesCleanly(PtxAssert.Method(typeof(FusedMlpKernels), name).MakeGenericMethod(vector, typeof(Softplus), typeof(Sigmoid)));
    }

    /// <summary>
    /// On a GPU each weight read is one 16-byte shared-memory load per four multiply-adds (scalar loads made every
    /// pass load-bound): the staged-weight forward of width 64 reads every weight as part of a quad, scalar loads only
    /// for the staging copy and the per-sample activations.
    /// </summary>
    [Fact]
    public void StagedWeightsAreReadAsQuads()
    {
        using var compiler = new TinyNN.Devices.PtxCompiler();
        var pass = typeof(ForwardPass<,,>).MakeGenericType(typeof(Vector64), typeof(Softplus), typeof(None));
        var ptx = compiler.CompileExplicitlyGrouped(typeof(SharedWeightKernels).GetMethod(nameof(SharedWeightKernels.Run))!.MakeGenericMethod(pass));
        int Count(string instruction) => ptx.Split('\n').Count(line => line.TrimStart().StartsWith(instruction, StringComparison.Ordinal));
        // The layer loops stay loops: one hidden 64×64 matrix (1 024 quads), one 4-input block of the first layer (64) and
        // one output row (16) appear in the code once each.
        Assert.True(Count("ld.shared.v4.f32") >= 1024 + 64 + 16, $"{Count("ld.shared.v4.f32")} ld.shared.v4.f32");
        Assert.True(Count("ld.shared.f32") <= 64, $"{Count("ld.shared.f32")} scalar ld.shared.f32");
    }
}
