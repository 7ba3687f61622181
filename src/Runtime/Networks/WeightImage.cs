using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// Every weight matrix of a tiled MLP (<see cref="TiledMlpKernels"/>) laid out the way its passes stage it: per matrix
/// Wₘ, first its operand for the forward-type passes (W: fan-out lines × fan-in k), then for the reverse passes (Wᵀ:
/// fan-in lines × fan-out k), each as slices of <see cref="Depth"/> k, [k][width] with quads XOR-swizzled by k
/// (<see cref="SwizzledSlice.Slot"/>) and zeros past the matrix. Every group of a pass stages every layer's
/// weights again, and gathering them element by element (Wᵀ's columns are 4-byte strided) with the swizzle
/// arithmetic was a fifth of the passes' instructions (ncu, H100); from the image a slice is eight 16-byte loads and
/// stores a thread. <see cref="Build"/> writes the image once a call (the weights may change between calls).
/// </summary>
public static class WeightImage
{
    /// <summary>k a staged slice holds (the tiled passes' slice depth).</summary>
    public const int Depth = 32;

    /// <summary>Quads (4 floats) in the image of a network of this shape.</summary>
    public static long Quads(MlpLayout layout) =>
        QuadOffset(layout.Width, layout.InputWidth, layout.HiddenLayers, true) + (long)Slices(layout.OutputWidth) * SliceQuads(layout.Width);

    /// <summary>
    /// Where the part of matrix <paramref name="matrix"/> (0: the first layer; the output matrix is number
    /// <c>hiddenLayers</c>) starts, in quads: its W operand, or its Wᵀ operand when <paramref name="transposed"/>.
    /// </summary>
    public static int QuadOffset(int width, int inputWidth, int matrix, bool transposed)
    {
        var slice = SliceQuads(width);
        var start = matrix == 0 ? 0 : (Slices(inputWidth) + Slices(width)) * slice + (matrix - 1) * 2 * Slices(width) * slice;
        return transposed ? start + (matrix == 0 ? Slices(inputWidth) : Slices(width)) * slice : start;
    }

    /// <summary>Quads in one staged slice: <see cref="Depth"/> k × width lines.</summary>
    public static int SliceQuads(int width) => Depth * width / 4;

    private static int Slices(int depth) => (depth + Depth - 1) / Depth;

    /// <summary>
    /// One thread a quad of the image: finds its matrix, orientation, slice, k and lines (the inverse of
    /// <see cref="SwizzledSlice.Slot"/>), and gathers the four weights there, or zeros past the matrix.
    /// </summary>
    public static void Build(Index1D index, ArrayView<Float4> image, ArrayView<float> weights, int width, int inputWidth, int hiddenLayers,
        int outputWidth, long outputMatrixOffset)
    {
        int quad = index;
        var matrix = hiddenLayers;
        while (matrix > 0 && quad < QuadOffset(width, inputWidth, matrix, false)) matrix--;
        var transposedStart = QuadOffset(width, inputWidth, matrix, true);
        var transposed = quad >= transposedStart;
        var local = quad - (transposed ? transposedStart : QuadOffset(width, inputWidth, matrix, false));
        var fanIn = matrix == 0 ? inputWidth : width;
        var fanOut = matrix == hiddenLayers ? outputWidth : width;
        var rows = transposed ? fanIn : fanOut;
        var depth = transposed ? fanOut : fanIn;
        var slice = local / SliceQuads(width);
        var within = local - slice * SliceQuads(width);
        var k = within / (width / 4);
        var position = within - k * (width / 4);
        var kk = slice * Depth + k;
        var line = (position ^ (k & 15)) << 2;
        var offset = matrix == hiddenLayers ? outputMatrixOffset : matrix == 0 ? 0 : (long)width * inputWidth + (long)(matrix - 1) * width * width;
        image[quad] = new Float4
        {
            X = Weight(weights, offset, fanIn, rows, depth, line, kk, transposed),
            Y = Weight(weights, offset, fanIn, rows, depth, line + 1, kk, transposed),
            Z = Weight(weights, offset, fanIn, rows, depth, line + 2, kk, transposed),
            W = Weight(weights, offset, fanIn, rows, depth, line + 3, kk, transposed),
        };
    }

    /// <summary>Element (line, k) of W (W[line, k]) or of Wᵀ (W[k, line]), 0 outside the operand.</summary>
    private static float Weight(ArrayView<float> weights, long offset, int fanIn, int rows, int depth, int line, int k, bool transposed)
    {
        if (line >= rows || k >= depth) return 0f;
        return transposed ? weights[offset + (long)k * fanIn + line] : weights[offset + (long)line * fanIn + k];
    }
}
