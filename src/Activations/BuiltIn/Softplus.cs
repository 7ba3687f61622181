namespace TinyNN.Activations;

/// <summary>
/// tcnn's Softplus with K = 10: ln(e^{Kx} + 1) / K. tcnn evaluates it literally, which overflows to ∞ in float32
/// for x &gt; 8.8; above Kx = 20 the literal value already rounds to x, so this returns x there and equals
/// tcnn's value everywhere tcnn's is finite.
/// </summary>
[Activation("Softplus", Order = 7)]
public readonly partial struct Softplus
{
    /// <summary>tcnn's sharpness constant.</summary>
    public const float K = 10f;

    /// <summary>Above this Kx, ln(e^{Kx} + 1)/K rounds to x in float32.</summary>
    public const float LinearAbove = 20f / K;

    /// <summary>σ(x) = ln(e^{Kx} + 1) / K, and x where that equals x in float32.</summary>
    public static float Forward(float x) => x > LinearAbove ? x : MathF.Log(MathF.Exp(K * x) + 1f) / K;

    /// <summary>σ′ = logistic(Kx), finite everywhere (the derived e^{Kx}/(e^{Kx} + 1) is ∞/∞ past Kx ≈ 88).</summary>
    public static float Derivative(float x) => 1f / (1f + MathF.Exp(-K * x));

    /// <summary>σ″ = K·s(1 − s) with s = logistic(Kx), finite everywhere.</summary>
    public static float SecondDerivative(float x) => K * Derivative(x) * (1f - Derivative(x));
}
