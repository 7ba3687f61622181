namespace TinyNN.Networks;

/// <summary>
/// The shape of an MLP without biases and where each weight matrix sits in tcnn's flat parameter vector:
/// [width, inputWidth], then (hiddenLayers − 1) × [width, width], then [paddedOutputWidth, width]; each row-major
/// [fan_out, fan_in]. The padded output rows are real parameters (tcnn computes and slices them); passes here
/// compute only the <see cref="OutputWidth"/> real outputs, so the padded rows' gradients are zero.
/// </summary>
public readonly record struct MlpLayout
{
    /// <summary>Creates and validates a layout.</summary>
    public MlpLayout(int inputWidth, int width, int hiddenLayers, int outputWidth)
    {
        if (inputWidth < 1) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"MLP input width must be ≥ 1 (got {inputWidth})");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), $"MLP width (n_neurons) must be ≥ 1 (got {width})");
        if (hiddenLayers < 1) throw new ArgumentOutOfRangeException(nameof(hiddenLayers), $"MLP n_hidden_layers must be ≥ 1 (got {hiddenLayers})");
        if (outputWidth < 1) throw new ArgumentOutOfRangeException(nameof(outputWidth), $"MLP output width must be ≥ 1 (got {outputWidth})");
        InputWidth = inputWidth;
        Width = width;
        HiddenLayers = hiddenLayers;
        OutputWidth = outputWidth;
    }

    /// <summary>Inputs per sample (already padded by the encoding, as in tcnn).</summary>
    public int InputWidth { get; }

    /// <summary>Neurons per hidden layer (tcnn's n_neurons).</summary>
    public int Width { get; }

    /// <summary>Hidden layers (tcnn's n_hidden_layers); there are HiddenLayers + 1 weight matrices.</summary>
    public int HiddenLayers { get; }

    /// <summary>Outputs per sample the caller sees.</summary>
    public int OutputWidth { get; }

    /// <summary>The output width padded to a multiple of 16, as tcnn stores it.</summary>
    public int PaddedOutputWidth => (OutputWidth + 15) / 16 * 16;

    /// <summary>Offset of weight matrix <paramref name="layer"/> (0 = input layer, HiddenLayers = output layer).</summary>
    public long MatrixOffset(int layer) =>
        layer == 0 ? 0 : (long)Width * InputWidth + (long)(layer - 1) * Width * Width;

    /// <summary>Rows of matrix <paramref name="layer"/>.</summary>
    public int Rows(int layer) => layer == HiddenLayers ? PaddedOutputWidth : Width;

    /// <summary>Columns of matrix <paramref name="layer"/>.</summary>
    public int Columns(int layer) => layer == 0 ? InputWidth : Width;

    /// <summary>Length of the flat parameter vector.</summary>
    public long ParameterCount => MatrixOffset(HiddenLayers) + (long)PaddedOutputWidth * Width;
}
