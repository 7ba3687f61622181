namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// Where the fused second-order step keeps things in a group's shared memory (in floats), computed the same way on the
/// host (to size the launch) and in the kernel: every weight matrix, resident for the group's whole life (rows padded
/// by 4 floats, so that the A-fragment reads of W and of Wᵀ spread over the banks); each thread's private values (the
/// pre-activations p and the adjoints a, later the curvature terms c, of every hidden layer: 2L slots of
/// <see cref="WarpTile.Elements"/>, stored [slot][element][thread] so that a warp's accesses are conflict-free); two
/// [row][sample] tiles the layers exchange through; and per-sample rows for the output layer.
/// </summary>
internal readonly struct FusedStepLayout
{
    public readonly int Width, PaddedInputs, HiddenLayers, Threads;

    public FusedStepLayout(int width, int paddedInputs, int hiddenLayers, int threads)
    {
        Width = width;
        PaddedInputs = paddedInputs;
        HiddenLayers = hiddenLayers;
        Threads = threads;
    }

    /// <summary>The layout for a network: its inputs rounded up to a multiple of 16 (the first layer's K, the rows of ∇ₓf), a group of <see cref="GroupSize"/> threads.</summary>
    public static FusedStepLayout Of(MlpLayout layout) =>
        new(layout.Width, (layout.InputWidth + 15) / 16 * 16, layout.HiddenLayers, GroupSize(layout.Width));

    /// <summary>Threads a group of a network of this width runs: two warps per 16 neurons (one a half of the samples).</summary>
    public static int GroupSize(int width) => width * 4;

    /// <summary>Floats between rows of the first weight matrix.</summary>
    public int InputStride => PaddedInputs + 4;

    /// <summary>Floats between rows of a hidden weight matrix.</summary>
    public int HiddenStride => Width + 4;

    /// <summary>Where hidden matrix k (1 … L−1) starts; k = 0 is the first matrix, at 0.</summary>
    public int Matrix(int k) => k == 0 ? 0 : Width * InputStride + (k - 1) * Width * HiddenStride;

    /// <summary>Floats between rows of matrix k.</summary>
    public int Stride(int k) => k == 0 ? InputStride : HiddenStride;

    /// <summary>The output row W_out.</summary>
    public int OutputRow => Matrix(HiddenLayers);

    /// <summary>The private values, [2L][16][threads].</summary>
    public int Private => OutputRow + Width;

    /// <summary>Where thread <paramref name="thread"/>'s element <paramref name="element"/> of slot <paramref name="slot"/> lives.</summary>
    public int PrivateAt(int slot, int element, int thread) => Private + (slot * WarpTile.Elements + element) * Threads + thread;

    /// <summary>Rows of an exchange tile: the widest layer vector (a hidden layer or the padded input).</summary>
    public int TileRows => Width > PaddedInputs ? Width : PaddedInputs;

    /// <summary>Exchange tile 0 or 1, [row][sample] with <see cref="WarpTile.RowStride"/> floats a row.</summary>
    public int Tile(int index) => Private + 2 * HiddenLayers * WarpTile.Elements * Threads + index * TileRows * WarpTile.RowStride;

    /// <summary>Per-sample row r of the output layer (0 … 3), then one row a warp for its part of a dot product over the neurons.</summary>
    public int SampleRow(int r) => Tile(2) + r * WarpTile.Samples;

    /// <summary>Floats in all.</summary>
    public int Floats => SampleRow(4 + Threads / 32);

    /// <summary>Bytes of dynamic shared memory a group needs.</summary>
    public int Bytes => Floats * sizeof(float);
}
