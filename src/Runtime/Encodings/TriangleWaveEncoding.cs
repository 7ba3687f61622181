using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "TriangleWave" encoding (encodings/triangle_wave.h): for each input d and k = 0..F−1 a triangle wave of
/// period 2^(1−k) with phase k/4, yₖ = 4·|v − ⌊v⌋ − ½| − 1 for v = x_d·2^(k−1) + k/4, column d·F + k. Padded columns
/// hold 1. It is piecewise linear, so its second derivative is zero almost everywhere:
/// <see cref="BackwardBackwardInput"/> writes exact zeros into dL₂/dx (the kinks carry no gradient, as in autograd).
/// </summary>
public sealed class TriangleWaveEncoding : Encoding
{
    private readonly PerDimensionPasses<TriangleWaveBasis> passes;

    /// <summary>
    /// Encodes <paramref name="inputWidth"/> inputs with <paramref name="frequencies"/> waves each (tcnn's
    /// n_frequencies, default 12; 1..24: past 2^23 a float32 phase has no fractional bits left).
    /// </summary>
    public TriangleWaveEncoding(ComputeDevice device, int inputWidth, int frequencies, int alignment = 1)
        : base(device, inputWidth, checked(inputWidth * CheckFrequencies(frequencies)), alignment)
    {
        Frequencies = frequencies;
        passes = new PerDimensionPasses<TriangleWaveBasis>(this, new TriangleWaveBasis(), frequencies, secondDerivativeVanishes: true);
    }

    /// <summary>Waves per input (tcnn's n_frequencies).</summary>
    public int Frequencies { get; }

    private static int CheckFrequencies(int frequencies) => frequencies is >= 1 and <= 24
        ? frequencies
        : throw new ArgumentOutOfRangeException(nameof(frequencies), $"TriangleWave n_frequencies must be 1..24 (got {frequencies})");

    /// <inheritdoc/>
    public override string Name => "TriangleWave";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;

    /// <inheritdoc/>
    public override long ParameterCount => 0;

    /// <inheritdoc/>
    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        EncodingPassChecks.CheckForward(this, parameters, input, output, batch);
        passes.Forward(input, output, batch);
    }

    /// <inheritdoc/>
    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackward(this, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        passes.Backward(input, outputGradient, inputGradient, batch);
    }

    /// <inheritdoc/>
    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackwardBackward(this, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient,
            inputGradient, parameterGradient, mode, batch);
        passes.BackwardBackward(input, outputGradient, inputGradientDirection, outputGradientGradient, inputGradient, batch);
    }
}
