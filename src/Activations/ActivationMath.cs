namespace TinyNN.Activations;

/// <summary>
/// Math the generated code calls where MathF has no accurate ILGPU mapping. Everything here must stay
/// ILGPU-compatible: float literals only, no Math.Clamp, no MathF.FusedMultiplyAdd, no spans.
/// </summary>
public static class ActivationMath
{
    /// <summary>
    /// tanh(x) to a few float ulps. ILGPU lowers MathF.Tanh to a hardware approximation (about 2^-11 relative),
    /// too coarse for second derivatives checked at 1e-4; this uses one exp. Small |x| takes the odd Taylor
    /// series, since (1 − e^{−2|x|}) cancels there.
    /// </summary>
    public static float Tanh(float x)
    {
        var a = MathF.Abs(x);
        var e = MathF.Exp(-2f * a);
        var large = (1f - e) / (1f + e);
        var x2 = a * a;
        var small = a * (1f + x2 * (-0.333333343f + x2 * (0.13333334f + x2 * (-0.053968254f + x2 * 0.021869488f))));
        var magnitude = a < 0.25f ? small : large;
        return x < 0f ? -magnitude : magnitude;
    }

    /// <summary>
    /// sin x with range reduction: ILGPU lowers MathF.Sin to sin.approx.f32, accurate only on [−π, π]; SIREN
    /// layers see |x| of tens. Two-constant Cody–Waite reduction keeps the error near float rounding there.
    /// </summary>
    public static float Sin(float x) => MathF.Sin(ReduceToPi(x));

    /// <summary>cos x with the same range reduction as <see cref="Sin"/>.</summary>
    public static float Cos(float x) => MathF.Cos(ReduceToPi(x));

    /// <summary>x − 2πk for the nearest integer k, with 2π split in a float head and tail so the product is exact.</summary>
    public static float ReduceToPi(float x)
    {
        var k = MathF.Floor(x * 0.159154943f + 0.5f);
        return x - k * 6.28125f - k * 0.00193530717f;
    }
}
