namespace TinyNN.Encodings;

/// <summary>
/// tcnn's triangle wave per input (encodings/triangle_wave.h): function k is the triangle wave of v = x·2^(k−1) + k/4
/// (the k/4 phase tells positions apart), yₖ = 4·|v − ⌊v⌋ − ½| − 1. Its slope is −2^(k+1) where v − ⌊v⌋ &lt; ½ and +2^(k+1)
/// elsewhere (tcnn's parity test of ⌊2v⌋ says the same) and its second derivative is zero almost everywhere.
/// </summary>
internal struct TriangleWaveBasis : IPerDimensionBasis
{
    public readonly float Value(float x, int k)
    {
        var v = Phase(x, k);
        return MathF.Abs(v - MathF.Floor(v) - 0.5f) * 4f - 1f;
    }

    public readonly float Derivative(float x, int k)
    {
        var v = Phase(x, k);
        var slope = 2f * (1 << k);
        return v - MathF.Floor(v) < 0.5f ? -slope : slope;
    }

    public readonly float SecondDerivative(float x, int k) => 0f;

    /// <summary>x·2^(k−1) + k/4, rounded as tcnn rounds it.</summary>
    private static float Phase(float x, int k) => x * (k == 0 ? 0.5f : 1 << (k - 1)) + k * 0.25f;
}
