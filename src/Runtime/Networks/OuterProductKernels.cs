using ILGPU;
using TinyNN.Devices;
using ILGPU.Algorithms;

namespace TinyNN.Networks;

/// <summary>
/// dW += Σ_batch a bᵀ: parameter gradients of a layer as batch sums of outer products. Split over the batch in
/// chunks; each thread sums one (row, column, chunk) and adds it atomically (one atomic per chunk, not per sample).
/// </summary>
public static class OuterProductKernels
{
    /// <summary>Samples one thread sums before its atomic add.</summary>
    public const int ChunkSize = 256;

    /// <summary>Thread index = (chunk · rows + row) · columns + column.</summary>
    public static void Accumulate(Index1D index, ArrayView<float> gradient, long gradientOffset, int rows, int columns, int batchSize,
        StridedOperand a, StridedOperand b)
    {
        var column = index % columns;
        var row = index / columns % rows;
        var chunk = index / columns / rows;
        var start = chunk * ChunkSize;
        var end = XMath.Min(start + ChunkSize, batchSize);
        var sum = 0f;
        for (var s = start; s < end; s++) sum += a.At(row, s) * b.At(column, s);
        FloatAtomics.Add(gradient, gradientOffset + (long)row * columns + column, sum);
    }
}
