using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "Frequency" encoding (encodings/frequency.h): for each input d and octave f = 0..F−1 the pair
/// sin(2^f·π·x_d), cos(2^f·π·x_d), so output column d·2F + 2f + p (p = 0 sine, 1 cosine), 2F outputs per input.
/// Padded columns hold 1. Second order: yₖ″ = −(2^f·π)²·yₖ, a diagonal Hessian per input.
/// </summary>
public sealed class FrequencyEncoding : PerDimensionEncoding
{
    /// <summary>
    /// Encodes <paramref name="inputWidth"/> inputs with <paramref name="frequencies"/> octaves each (tcnn's
    /// n_frequencies, default 12; 1..24: past 2^23 a float32 argument has no fractional bits left).
    /// </summary>
    public FrequencyEncoding(ComputeDevice device, int inputWidth, int frequencies, int alignment = 1)
        : base(device, inputWidth, checked(inputWidth * 2 * CheckFrequencies(frequencies)), alignment)
    {
        Frequencies = frequencies;
        Passes = new PerDimensionPasses<FrequencyBasis>(this, new FrequencyBasis(), 2 * frequencies, secondDerivativeVanishes: false);
    }

    /// <summary>Octaves per input (tcnn's n_frequencies).</summary>
    public int Frequencies { get; }

    private static int CheckFrequencies(int frequencies) => frequencies is >= 1 and <= 24
        ? frequencies
        : throw new ArgumentOutOfRangeException(nameof(frequencies), $"Frequency n_frequencies must be 1..24 (got {frequencies})");

    /// <inheritdoc/>
    public override string Name => "Frequency";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;
}
