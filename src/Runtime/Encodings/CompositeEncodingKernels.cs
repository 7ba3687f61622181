using ILGPU;

namespace TinyNN.Encodings;

/// <summary>A block of columns in a row-major matrix: element (s, c) at s·Stride + Offset + c.</summary>
internal struct ColumnBlock
{
    /// <summary>The matrix.</summary>
    public ArrayView<float> Data;

    /// <summary>Floats per row.</summary>
    public int Stride;

    /// <summary>The block's first column.</summary>
    public int Offset;

    /// <summary>Where element (sample, column) of the block lives.</summary>
    public readonly long At(int sample, int column) => (long)sample * Stride + Offset + column;
}

/// <summary>Sizes of a Sum/Product reduction. Nested outputs are stacked: nested m, sample s, column j at (m·Batch + s)·Width + j.</summary>
internal struct ReductionShape
{
    /// <summary>Nested encodings.</summary>
    public int Count;

    /// <summary>Samples.</summary>
    public int Batch;

    /// <summary>Columns of each nested output.</summary>
    public int Width;

    /// <summary>Where nested m's (sample, column) element lives.</summary>
    public readonly long At(int m, int sample, int column) => ((long)m * Batch + sample) * Width + column;
}

/// <summary>
/// The glue of <see cref="CompositeEncoding"/>: column copies between a composite's rows and its nested encodings'
/// scratch rows, and the Sum/Product reductions with the first and second derivatives of the product.
/// </summary>
internal static class CompositeEncodingKernels
{
    /// <summary>target(s, c) = source(s, c), or += when <paramref name="accumulate"/> is 1; one thread per (sample, column).</summary>
    public static void Copy(Index1D index, int width, ColumnBlock source, ColumnBlock target, int accumulate)
    {
        var sample = index.X / width;
        var column = index.X - sample * width;
        var value = source.Data[source.At(sample, column)];
        var at = target.At(sample, column);
        target.Data[at] = accumulate == 1 ? target.Data[at] + value : value;
    }

    /// <summary>target(s, c) = <paramref name="value"/>.</summary>
    public static void Fill(Index1D index, int width, ColumnBlock target, float value)
    {
        var sample = index.X / width;
        target.Data[target.At(sample, index.X - sample * width)] = value;
    }

    /// <summary>
    /// output(s, j) = Σₘ or Πₘ (<paramref name="product"/> = 1) of stacked(m, s, j) for the Width encoded columns, and
    /// <paramref name="padding"/> past them (<paramref name="outputWidth"/> columns per row).
    /// </summary>
    public static void Combine(Index1D index, ReductionShape shape, int outputWidth, int product, ArrayView<float> stacked,
        ColumnBlock output, float padding)
    {
        var sample = index.X / outputWidth;
        var column = index.X - sample * outputWidth;
        var result = padding;
        if (column < shape.Width)
        {
            result = product == 1 ? 1f : 0f;
            for (var m = 0; m < shape.Count; m++)
            {
                var value = stacked[shape.At(m, sample, column)];
                result = product == 1 ? result * value : result + value;
            }
        }
        output.Data[output.At(sample, column)] = result;
    }

    /// <summary>β(m, s, j) = b(s, j)·Πₗ≠ₘ z(l, s, j): dL₁/d(nested m's output) of y = Πₘ zₘ.</summary>
    public static void ProductAdjoints(Index1D index, ReductionShape shape, ArrayView<float> values, ColumnBlock outputGradient,
        ArrayView<float> adjoints)
    {
        var m = index.X / (shape.Batch * shape.Width);
        var rest = index.X - m * shape.Batch * shape.Width;
        var sample = rest / shape.Width;
        var column = rest - sample * shape.Width;
        var result = outputGradient.Data[outputGradient.At(sample, column)];
        for (var l = 0; l < shape.Count; l++)
        {
            if (l != m) result *= values[shape.At(l, sample, column)];
        }
        adjoints[index.X] = result;
    }

    /// <summary>ẏ(s, j) = Σₖ t(k, s, j)·Πₘ≠ₖ z(m, s, j): the tangent of y = Πₘ zₘ from the nested tangents t (0 in padded columns).</summary>
    public static void ProductTangent(Index1D index, ReductionShape shape, int outputWidth, ArrayView<float> values, ArrayView<float> tangents,
        ColumnBlock output)
    {
        var sample = index.X / outputWidth;
        var column = index.X - sample * outputWidth;
        var result = 0f;
        if (column < shape.Width)
        {
            for (var k = 0; k < shape.Count; k++)
            {
                var term = tangents[shape.At(k, sample, column)];
                for (var m = 0; m < shape.Count; m++)
                {
                    if (m != k) term *= values[shape.At(m, sample, column)];
                }
                result += term;
            }
        }
        output.Data[output.At(sample, column)] = result;
    }

    /// <summary>
    /// γ(m, s, j) = b(s, j)·Σₖ≠ₘ t(k, s, j)·Πₗ≠ₖ,ₘ z(l, s, j): how L₂ = Σₖ⟨βₖ, tₖ⟩ changes with nested m's output
    /// through the other nested encodings' adjoints βₖ (the product's cross terms).
    /// </summary>
    public static void ProductSecondAdjoints(Index1D index, ReductionShape shape, ArrayView<float> values, ArrayView<float> tangents,
        ColumnBlock outputGradient, ArrayView<float> result)
    {
        var m = index.X / (shape.Batch * shape.Width);
        var rest = index.X - m * shape.Batch * shape.Width;
        var sample = rest / shape.Width;
        var column = rest - sample * shape.Width;
        var sum = 0f;
        for (var k = 0; k < shape.Count; k++)
        {
            if (k == m) continue;
            var term = tangents[shape.At(k, sample, column)];
            for (var l = 0; l < shape.Count; l++)
            {
                if (l != k && l != m) term *= values[shape.At(l, sample, column)];
            }
            sum += term;
        }
        result[index.X] = sum * outputGradient.Data[outputGradient.At(sample, column)];
    }
}
