using ILGPU;

namespace TinyNN.Models;

/// <summary>Small elementwise kernels the composition needs.</summary>
internal static class VectorKernels
{
    /// <summary>target[i] += source[i].</summary>
    public static void AddInto(Index1D i, ArrayView<float> target, ArrayView<float> source) => target[i] += source[i];
}
