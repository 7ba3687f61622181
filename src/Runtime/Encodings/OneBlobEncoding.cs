using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "OneBlob" encoding (encodings/oneblob.h, Müller et al. 2019): each input d in [0, 1] is spread over n bins,
/// column d·n + k holding the mass of a quartic kernel of radius 1/n centred on x_d that falls into bin k, the kernel
/// wrapping around [0, 1] as in tcnn's kernels (inputs outside [0, 1] are where tcnn's own kernels disagree).
/// Padded columns hold 1. The kernel's CDF is twice continuously differentiable, so the second order is exact.
/// </summary>
public sealed class OneBlobEncoding : PerDimensionEncoding
{
    /// <summary>Encodes <paramref name="inputWidth"/> inputs into <paramref name="bins"/> bins each (tcnn's n_bins, default 16; a power of two from 1 to 1024, as tcnn requires).</summary>
    public OneBlobEncoding(ComputeDevice device, int inputWidth, int bins, int alignment = 1)
        : base(device, inputWidth, checked(inputWidth * CheckBins(bins)), alignment)
    {
        Bins = bins;
        Passes = new PerDimensionPasses<OneBlobBasis>(this, new OneBlobBasis { Bins = bins }, bins, secondDerivativeVanishes: false);
    }

    /// <summary>Bins per input (tcnn's n_bins).</summary>
    public int Bins { get; }

    private static int CheckBins(int bins) => bins is >= 1 and <= 1024 && (bins & (bins - 1)) == 0
        ? bins
        : throw new ArgumentOutOfRangeException(nameof(bins), $"OneBlob n_bins must be a power of two from 1 to 1024 (got {bins})");

    /// <inheritdoc/>
    public override string Name => "OneBlob";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;
}
