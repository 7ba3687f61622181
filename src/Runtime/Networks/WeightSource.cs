using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// Where a tiled product's A operand (a weight matrix or its transpose) is staged from: the call's
/// <see cref="WeightImage"/> part when it built one (a straight copy), else the parameters themselves.
/// </summary>
internal struct WeightSource
{
    /// <summary>The operand in the parameter vector.</summary>
    public StridedOperand Operand;
    /// <summary>The operand's part of the weight image (empty: none).</summary>
    public ArrayView<Float4> Image;

    private static long MatrixOffset(MlpViews v, int width, int layer) =>
        layer == v.HiddenLayers ? v.OutputMatrixOffset : layer == 0 ? 0 : (long)width * v.InputWidth + (long)(layer - 1) * width * width;

    private static int FanIn(MlpViews v, int width, int matrix) => matrix == 0 ? v.InputWidth : width;

    /// <summary>Matrix m (fan-out rows × fan-in columns) as the product's A: element (row, k) = W[row, k].</summary>
    public static WeightSource Matrix(MlpViews v, int width, int matrix) => new()
    {
        Operand = new() { Data = v.Weights, Offset = MatrixOffset(v, width, matrix), RowStride = FanIn(v, width, matrix), SampleStride = 1 },
        Image = ImagePart(v, width, matrix, transposed: false),
    };

    /// <summary>Matrix m transposed as the product's A: element (row, k) = W[k, row].</summary>
    public static WeightSource Transposed(MlpViews v, int width, int matrix) => new()
    {
        Operand = new() { Data = v.Weights, Offset = MatrixOffset(v, width, matrix), RowStride = 1, SampleStride = FanIn(v, width, matrix) },
        Image = ImagePart(v, width, matrix, transposed: true),
    };

    /// <summary>The image of matrix m's operand from the call's <see cref="WeightImage"/>, or empty when the call has none.</summary>
    private static ArrayView<Float4> ImagePart(MlpViews v, int width, int matrix, bool transposed)
    {
        if (v.WeightImage.Length == 0) return default;
        var start = WeightImage.QuadOffset(width, v.InputWidth, matrix, transposed);
        return v.WeightImage.SubView(start, v.WeightImage.Length - start);
    }
}
