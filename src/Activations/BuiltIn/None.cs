namespace TinyNN.Activations;

/// <summary>The identity, tcnn's "None": σ(x) = x.</summary>
[Activation("None", Order = 0)]
public readonly partial struct None
{
    /// <summary>σ(x) = x.</summary>
    public static float Forward(float x) => x;
}
