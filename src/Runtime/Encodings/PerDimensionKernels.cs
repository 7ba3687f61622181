using ILGPU;

namespace TinyNN.Encodings;

/// <summary>Sizes of a per-dimension encoding pass: output column d·Functions + k, rows of PaddedWidth.</summary>
internal struct PerDimensionShape
{
    /// <summary>Inputs per sample.</summary>
    public int InputWidth;

    /// <summary>Basis functions per input (K).</summary>
    public int Functions;

    /// <summary>Encoded columns, InputWidth·K.</summary>
    public int OutputWidth;

    /// <summary>Columns per output row, padding included.</summary>
    public int PaddedWidth;

    /// <summary>The value forward writes into padded columns.</summary>
    public float Padding;
}

/// <summary>
/// The passes of every <see cref="IPerDimensionBasis"/> encoding, generic over the basis struct. Output-shaped passes
/// run one thread per (sample, output column), input-shaped ones one thread per (sample, input) summing its K columns.
/// </summary>
internal static class PerDimensionKernels
{
    /// <summary>y[s, d·K + k] = yₖ(x[s, d]); padded columns get the padding value.</summary>
    public static void Forward<TBasis>(Index1D index, TBasis basis, PerDimensionShape shape, ArrayView<float> input, ArrayView<float> output)
        where TBasis : struct, IPerDimensionBasis
    {
        var sample = index.X / shape.PaddedWidth;
        var column = index.X - sample * shape.PaddedWidth;
        var at = (long)sample * shape.PaddedWidth + column;
        if (column >= shape.OutputWidth)
        {
            output[at] = shape.Padding;
            return;
        }
        var dimension = column / shape.Functions;
        output[at] = basis.Value(input[(long)sample * shape.InputWidth + dimension], column - dimension * shape.Functions);
    }

    /// <summary>dL₁/dx[s, d] = Σₖ b[s, d·K + k]·yₖ′(x[s, d]).</summary>
    public static void Backward<TBasis>(Index1D index, TBasis basis, PerDimensionShape shape, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradient)
        where TBasis : struct, IPerDimensionBasis
    {
        var x = input[index.X];
        var sample = index.X / shape.InputWidth;
        var first = (long)sample * shape.PaddedWidth + (long)(index.X - sample * shape.InputWidth) * shape.Functions;
        var sum = 0f;
        for (var k = 0; k < shape.Functions; k++) sum += outputGradient[first + k] * basis.Derivative(x, k);
        inputGradient[index.X] = sum;
    }

    /// <summary>dL₂/d(dL₁/dy)[s, d·K + k] = yₖ′(x[s, d])·g[s, d] (J·g); padded columns 0.</summary>
    public static void Tangent<TBasis>(Index1D index, TBasis basis, PerDimensionShape shape, ArrayView<float> input,
        ArrayView<float> direction, ArrayView<float> outputGradientGradient)
        where TBasis : struct, IPerDimensionBasis
    {
        var sample = index.X / shape.PaddedWidth;
        var column = index.X - sample * shape.PaddedWidth;
        var at = (long)sample * shape.PaddedWidth + column;
        if (column >= shape.OutputWidth)
        {
            outputGradientGradient[at] = 0f;
            return;
        }
        var dimension = column / shape.Functions;
        var i = (long)sample * shape.InputWidth + dimension;
        outputGradientGradient[at] = basis.Derivative(input[i], column - dimension * shape.Functions) * direction[i];
    }

    /// <summary>dL₂/dx[s, d] = g[s, d]·Σₖ b[s, d·K + k]·yₖ″(x[s, d]) (the Hessian is diagonal per input).</summary>
    public static void SecondOrder<TBasis>(Index1D index, TBasis basis, PerDimensionShape shape, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> direction, ArrayView<float> inputGradient)
        where TBasis : struct, IPerDimensionBasis
    {
        var x = input[index.X];
        var sample = index.X / shape.InputWidth;
        var first = (long)sample * shape.PaddedWidth + (long)(index.X - sample * shape.InputWidth) * shape.Functions;
        var sum = 0f;
        for (var k = 0; k < shape.Functions; k++) sum += outputGradient[first + k] * basis.SecondDerivative(x, k);
        inputGradient[index.X] = direction[index.X] * sum;
    }
}
