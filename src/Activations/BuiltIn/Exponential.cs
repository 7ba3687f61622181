namespace TinyNN.Activations;

/// <summary>eˣ (tcnn's "Exponential").</summary>
[Activation("Exponential", Order = 3)]
public readonly partial struct Exponential
{
    /// <summary>σ(x) = eˣ.</summary>
    public static float Forward(float x) => MathF.Exp(x);
}
