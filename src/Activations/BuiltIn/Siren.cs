namespace TinyNN.Activations;

/// <summary>
/// SIREN's sine with its frequency in the activation, sin(ω₀x) with ω₀ = 30 (Sitzmann et al. 2020).
/// Not in tcnn: it shows that a new activation, second derivative included, is one declaration.
/// </summary>
[Activation("Siren", Order = 10)]
public readonly partial struct Siren
{
    /// <summary>SIREN's first-layer frequency ω₀.</summary>
    public const float Omega = 30f;

    /// <summary>σ(x) = sin(ω₀x).</summary>
    public static float Forward(float x) => MathF.Sin(Omega * x);
}
