namespace TinyNN.Encodings;

/// <summary>tcnn's identity: y = x·scale + offset, one output per input.</summary>
internal struct IdentityBasis : IPerDimensionBasis
{
    /// <summary>tcnn's "scale".</summary>
    public float Scale;

    /// <summary>tcnn's "offset".</summary>
    public float Offset;

    public readonly float Value(float x, int k) => x * Scale + Offset;

    public readonly float Derivative(float x, int k) => Scale;

    public readonly float SecondDerivative(float x, int k) => 0f;
}
