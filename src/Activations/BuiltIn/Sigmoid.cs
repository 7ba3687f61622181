namespace TinyNN.Activations;

/// <summary>The logistic function 1/(1 + e⁻ˣ) (tcnn's "Sigmoid").</summary>
[Activation("Sigmoid", Order = 5)]
public readonly partial struct Sigmoid
{
    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public static float Forward(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>σ′ = σ(1 − σ): finite for every x, where e⁻ˣ/(1 + e⁻ˣ)² overflows to ∞/∞ below x ≈ −44.</summary>
    public static float Derivative(float x) => Forward(x) * (1f - Forward(x));

    /// <summary>σ″ = σ′(1 − 2σ), likewise finite everywhere.</summary>
    public static float SecondDerivative(float x) => Derivative(x) * (1f - 2f * Forward(x));
}
