namespace TinyNN.Activations;

/// <summary>tanh x.</summary>
[Activation("Tanh", Order = 8)]
public readonly partial struct Tanh
{
    /// <summary>σ(x) = tanh x.</summary>
    public static float Forward(float x) => MathF.Tanh(x);
}
