using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "TriangleWave" encoding (encodings/triangle_wave.h): for each input d and k = 0..F−1 a triangle wave of
/// period 2^(1−k) with phase k/4, yₖ = 4·|v − ⌊v⌋ − ½| − 1 for v = x_d·2^(k−1) + k/4, column d·F + k. Padded columns
/// hold 1. It is piecewise linear, so its second derivative is zero almost everywhere:
/// <see cref="PerDimensionEncoding.BackwardBackwardInput"/> writes exact zeros into dL₂/dx (the kinks carry no gradient, as in autograd).
/// </summary>
public sealed class TriangleWaveEncoding : PerDimensionEncoding
{
    /// <summary>
    /// Encodes <paramref name="inputWidth"/> inputs with <paramref name="frequencies"/> waves each (tcnn's
    /// n_frequencies, default 12; 1..24: past 2^23 a float32 phase has no fractional bits left).
    /// </summary>
    public TriangleWaveEncoding(ComputeDevice device, int inputWidth, int frequencies, int alignment = 1)
        : base(device, inputWidth, checked(inputWidth * CheckFrequencies(frequencies)), alignment)
    {
        Frequencies = frequencies;
        Passes = new PerDimensionPasses<TriangleWaveBasis>(this, new TriangleWaveBasis(), frequencies, secondDerivativeVanishes: true);
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
}
