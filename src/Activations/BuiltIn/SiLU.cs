namespace TinyNN.Activations;

/// <summary>SiLU (swish): x·logistic(x).</summary>
[Activation("SiLU", Order = 9)]
public readonly partial struct SiLU
{
    /// <summary>σ(x) = x·s(x) with s(x) = 1/(1 + e⁻ˣ).</summary>
    public static float Forward(float x) => x * (1f / (1f + MathF.Exp(-x)));

    /// <summary>σ′ = s(1 + x(1 − s)): finite for every x (the derived quotient form overflows to ∞/∞ below x ≈ −44).</summary>
    public static float Derivative(float x) =>
        1f / (1f + MathF.Exp(-x)) * (1f + x * (1f - 1f / (1f + MathF.Exp(-x))));

    /// <summary>σ″ = s(1 − s)(2 + x(1 − 2s)), likewise finite everywhere.</summary>
    public static float SecondDerivative(float x) =>
        1f / (1f + MathF.Exp(-x)) * (1f - 1f / (1f + MathF.Exp(-x))) * (2f + x * (1f - 2f / (1f + MathF.Exp(-x))));
}
