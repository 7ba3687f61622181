using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// dW += Σ_batch a bᵀ on the CPU fast path: both operands made contiguous along the batch (copied when strided),
/// then one SIMD dot product per (row, column), rows in parallel. No atomics, so the sums are reproducible. The
/// views must live in host memory (the CPU accelerator's), which is what the fast path uses.
/// </summary>
internal static class CpuOuterProduct
{
    public static void Accumulate(ArrayView<float> gradient, long gradientOffset, int rows, int columns, int batch, StridedOperand a, StridedOperand b)
    {
        var left = Contiguous(a, rows, batch);
        var right = Contiguous(b, columns, batch);
        Parallel.For(0, rows, row =>
        {
            var leftRow = left.Span(row);
            var target = MemoryMarshal.CreateSpan(ref gradient[gradientOffset + (long)row * columns], columns);
            for (var column = 0; column < columns; column++) target[column] += Dot(leftRow, right.Span(column));
        });
    }

    /// <summary>Row r of an operand as a span of its batch values, without copying when it already is one.</summary>
    private readonly struct Rows(float[]? copy, ArrayView<float> data, long offset, long rowStride, int batch)
    {
        public Span<float> Span(int row) => copy is not null
            ? copy.AsSpan(row * batch, batch)
            : MemoryMarshal.CreateSpan(ref data[offset + row * rowStride], batch);
    }

    private static Rows Contiguous(StridedOperand operand, int rows, int batch)
    {
        if (operand.SampleStride == 1) return new Rows(null, operand.Data, operand.Offset, operand.RowStride, batch);
        var copy = new float[(long)rows * batch];
        Parallel.For(0, rows, row =>
        {
            for (var s = 0; s < batch; s++) copy[(long)row * batch + s] = operand.At(row, s);
        });
        return new Rows(copy, default, 0, 0, batch);
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = Vector<float>.Zero;
        var width = Vector<float>.Count;
        var i = 0;
        for (; i <= x.Length - width; i += width) sum += new Vector<float>(x[i..]) * new Vector<float>(y[i..]);
        var total = Vector.Dot(sum, Vector<float>.One);
        for (; i < x.Length; i++) total += x[i] * y[i];
        return total;
    }
}
