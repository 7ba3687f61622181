using ILGPU;

namespace TinyNN.Optimizers;

/// <summary>
/// IEEE-754 float32 helpers on the bit pattern, identical on CUDA, the simulator and the CPU fast path
/// (MathF.CopySign and float.IsFinite have no ILGPU intrinsic to rely on).
/// </summary>
internal static class FloatBits
{
    private const uint SignBit = 0x80000000u;
    private const uint ExponentBits = 0x7F800000u;
    private const uint MantissaBits = 0x007FFFFFu;

    /// <summary>|magnitude| with the sign bit of <paramref name="sign"/>, as C's copysignf (−0 counts as negative).</summary>
    public static float CopySign(float magnitude, float sign) =>
        Interop.IntAsFloat((Interop.FloatAsInt(magnitude) & ~SignBit) | (Interop.FloatAsInt(sign) & SignBit));

    /// <summary>True for NaN (all exponent bits set, non-zero mantissa).</summary>
    public static bool IsNaN(float x)
    {
        var bits = Interop.FloatAsInt(x);
        return (bits & ExponentBits) == ExponentBits && (bits & MantissaBits) != 0u;
    }

    /// <summary>True for ±∞ (all exponent bits set, zero mantissa).</summary>
    public static bool IsInfinity(float x) => (Interop.FloatAsInt(x) & ~SignBit) == ExponentBits;
}
