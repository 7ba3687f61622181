using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Networks;

/// <summary>
/// The GPU entry of every fused pass: a group first copies the whole parameter vector into shared memory, so each
/// thread's weight reads (one per multiply-add, the same address across a warp) hit shared memory instead of L1.
/// Explicitly grouped; launch with dynamic shared memory for the parameter count (≤ <see cref="MaxParameters"/>).
/// </summary>
public static class SharedWeightKernels
{
    /// <summary>Parameters that fit the 48 KB of shared memory a kernel gets without opting in to more.</summary>
    public const int MaxParameters = 48 * 1024 / sizeof(float);

    /// <summary>Threads per group.</summary>
    public const int GroupSize = 128;

    /// <summary>Stages the weights, then runs <typeparamref name="TPass"/> for this thread's sample.</summary>
    public static void Run<TPass>(MlpViews views, int parameterCount, int flag) where TPass : struct, IFusedPass
    {
        // Copied a quad at a time (parameter counts of fused MLPs are multiples of 16; MlpNetwork checks the alignment).
        var shared = SharedMemory.GetDynamic<Float4>();
        var source = ArrayViewExtensions.AsAligned(views.Weights, 16).Cast<Float4>();
        for (var i = Group.IdxX; i < parameterCount / 4; i += Group.DimX) shared[i] = source[i];
        Group.Barrier();
        var sample = Grid.GlobalIndex.X;
        if (sample >= views.BatchSize) return;
        views.Weights = shared.Cast<float>().SubView(0, parameterCount);
        TPass.Run(sample, views, flag);
    }
}
