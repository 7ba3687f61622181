using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "Identity" encoding: y = x·scale + offset per input (encodings/identity.h); padded columns hold 1 so they
/// act as a bias input of the network after it. It is linear, so its second derivative is identically zero:
/// <see cref="PerDimensionEncoding.BackwardBackwardInput"/> writes exact zeros into dL₂/dx, and dL₂/d(dL₁/dy) = scale·g.
/// </summary>
public sealed class IdentityEncoding : PerDimensionEncoding
{
    /// <summary>Encodes <paramref name="inputWidth"/> inputs; <paramref name="scale"/> and <paramref name="offset"/> must be finite (tcnn's defaults: 1 and 0).</summary>
    public IdentityEncoding(ComputeDevice device, int inputWidth, float scale, float offset, int alignment = 1)
        : base(device, inputWidth, inputWidth, alignment)
    {
        if (!float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"Identity scale must be a finite number (got {scale})");
        if (!float.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), $"Identity offset must be a finite number (got {offset})");
        Scale = scale;
        Offset = offset;
        Passes = new PerDimensionPasses<IdentityBasis>(this, new IdentityBasis { Scale = scale, Offset = offset }, 1, secondDerivativeVanishes: true);
    }

    /// <summary>The factor applied to each input.</summary>
    public float Scale { get; }

    /// <summary>The value added after scaling.</summary>
    public float Offset { get; }

    /// <inheritdoc/>
    public override string Name => "Identity";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;
}
