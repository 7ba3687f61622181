using TinyNN.Activations;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's frequency encoding per input: function k = 2f + p is sin(2^f·π·x) for p = 0 and cos(2^f·π·x) for p = 1,
/// with π the float32 constant and the argument rounded as tcnn rounds it ((x·2^f)·π). tcnn writes the cosine as
/// sin(a + π/2); the cosine itself is the same function without the rounding of that sum.
/// </summary>
internal struct FrequencyBasis : IPerDimensionBasis
{
    private const float Pi = 3.14159265f;

    public readonly float Value(float x, int k)
    {
        var a = x * Octave(k) * Pi;
        return (k & 1) == 0 ? ActivationMath.Sin(a) : ActivationMath.Cos(a);
    }

    public readonly float Derivative(float x, int k)
    {
        var octave = Octave(k);
        var a = x * octave * Pi;
        return octave * Pi * ((k & 1) == 0 ? ActivationMath.Cos(a) : -ActivationMath.Sin(a));
    }

    public readonly float SecondDerivative(float x, int k)
    {
        var omega = Octave(k) * Pi;
        return -omega * omega * Value(x, k);
    }

    /// <summary>2^f for function k = 2f + p, exact.</summary>
    private static float Octave(int k) => 1 << (k >> 1);
}
