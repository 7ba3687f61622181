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
}
