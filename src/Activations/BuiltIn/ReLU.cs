namespace TinyNN.Activations;

/// <summary>max(x, 0); ReLU′(0) = 0 as in tcnn.</summary>
[Activation("ReLU", Order = 1)]
public readonly partial struct ReLU
{
    /// <summary>σ(x) = max(x, 0).</summary>
    public static float Forward(float x) => x > 0f ? x : 0f;
}
