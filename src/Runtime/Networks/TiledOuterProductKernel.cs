using ILGPU;
using ILGPU.Algorithms;

namespace TinyNN.Networks;

/// <summary>
/// dW += Σ_batch a bᵀ on a GPU as a tiled GEMM with the batch as its K dimension: a group of 256 threads owns a
/// 64×64 tile of dW and a chunk of samples, stages 32-sample slices of both operands in shared memory (loads
/// coalesced along the batch, rows padded to 65 floats against bank conflicts), each thread accumulates a 4×4
/// block in registers, and writes the chunk's sums to its own slice of a partials buffer [chunk][row][column];
/// <see cref="ReducePartials"/> then adds the chunks in a fixed order. No atomics: hundreds of groups adding into
/// the same 4096 floats serialise, and a fixed order makes the sums reproducible. Grid: X = chunks, Y = tiles.
/// A second operand pair (c, d) adds Σ c dᵀ in the same pass (K runs over both batches): backward-backward's
/// dL₂/dW = Σ δgᵀ + shᵀ is one launch and one set of atomics.
/// </summary>
public static class TiledOuterProductKernel
{
    /// <summary>Rows and columns of dW one group owns.</summary>
    public const int Tile = 64;

    /// <summary>Samples staged in shared memory per step.</summary>
    public const int Depth = 32;

    /// <summary>Threads per group (16 × 16, each a 4×4 block).</summary>
    public const int GroupSize = 256;

    private const int Stride = Tile + 1;

    /// <summary>Stage 1 (explicitly grouped: launch with <see cref="GroupSize"/> threads a group): one chunk's sums per group.</summary>
    public static void Partials(ArrayView<float> partials, int rows, int columns, int batchSize, int chunkSize,
        StridedOperand a, StridedOperand b, StridedOperand c, StridedOperand d, int pairs)
    {
        var sharedA = SharedMemory.Allocate<float>(Depth * Stride);
        var sharedB = SharedMemory.Allocate<float>(Depth * Stride);
        var thread = Group.IdxX;
        var tileColumns = (columns + Tile - 1) / Tile;
        var rowBase = Grid.IdxY / tileColumns * Tile;
        var columnBase = Grid.IdxY % tileColumns * Tile;
        var start = Grid.IdxX * chunkSize;
        var end = XMath.Min(start + chunkSize, batchSize * pairs);
        var r0 = thread / 16 * 4;
        var c0 = thread % 16 * 4;

        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f, s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
        for (var k0 = start; k0 < end; k0 += Depth)
        {
            // 64 rows × 32 samples per operand, 8 elements a thread; consecutive threads read consecutive samples.
            for (var e = 0; e < Tile * Depth / GroupSize; e++)
            {
                var index = e * GroupSize + thread;
                var line = index / Depth;
                var k = index % Depth;
                var position = k0 + k;
                var inBatch = position < end;
                var second = position >= batchSize;
                var sample = second ? position - batchSize : position;
                var left = second ? c : a;
                var right = second ? d : b;
                sharedA[k * Stride + line] = inBatch && rowBase + line < rows ? left.At(rowBase + line, sample) : 0f;
                sharedB[k * Stride + line] = inBatch && columnBase + line < columns ? right.At(columnBase + line, sample) : 0f;
            }
            Group.Barrier();
            for (var k = 0; k < Depth; k++)
            {
                var ra = k * Stride + r0;
                var rb = k * Stride + c0;
                float a0 = sharedA[ra], a1 = sharedA[ra + 1], a2 = sharedA[ra + 2], a3 = sharedA[ra + 3];
                float b0 = sharedB[rb], b1 = sharedB[rb + 1], b2 = sharedB[rb + 2], b3 = sharedB[rb + 3];
                s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
                s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
                s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
                s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
            }
            Group.Barrier();
        }
        var slice = (long)Grid.IdxX * rows * columns;
        Store(partials, slice, rows, columns, rowBase + r0, columnBase + c0, s00, s01, s02, s03);
        Store(partials, slice, rows, columns, rowBase + r0 + 1, columnBase + c0, s10, s11, s12, s13);
        Store(partials, slice, rows, columns, rowBase + r0 + 2, columnBase + c0, s20, s21, s22, s23);
        Store(partials, slice, rows, columns, rowBase + r0 + 3, columnBase + c0, s30, s31, s32, s33);
    }

    private static void Store(ArrayView<float> partials, long slice, int rows, int columns, int row, int column, float v0, float v1, float v2, float v3)
    {
        if (row >= rows) return;
        var at = slice + (long)row * columns + column;
        if (column < columns) partials[at] = v0;
        if (column + 1 < columns) partials[at + 1] = v1;
        if (column + 2 < columns) partials[at + 2] = v2;
        if (column + 3 < columns) partials[at + 3] = v3;
    }

    /// <summary>Stage 2, one thread an element of dW: gradient[offset + e] += Σ over chunks of partials[chunk][e], in chunk order.</summary>
    public static void ReducePartials(Index1D element, ArrayView<float> gradient, long gradientOffset, ArrayView<float> partials, int elements, int chunks)
    {
        var sum = 0f;
        for (var chunk = 0; chunk < chunks; chunk++) sum += partials[(long)chunk * elements + element];
        gradient[gradientOffset + element] += sum;
    }

    /// <summary>How to split <paramref name="samples"/> (both operand pairs together) into chunks: about 256 per tile of dW.</summary>
    public static (int Chunks, int ChunkSize) Split(long samples)
    {
        var perChunk = Math.Max(1024, (samples + 255) / 256);
        var chunkSize = (int)((perChunk + Depth - 1) / Depth * Depth);
        return ((int)((samples + chunkSize - 1) / chunkSize), chunkSize);
    }
}
