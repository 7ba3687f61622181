namespace TinyNN.Activations;

/// <summary>tcnn's LeakyReLU: x for x &gt; 0, 0.01·x otherwise.</summary>
[Activation("LeakyReLU", Order = 2)]
public readonly partial struct LeakyReLU
{
    /// <summary>The slope for x ≤ 0 (tcnn's constant).</summary>
    public const float Slope = 0.01f;

    /// <summary>σ(x) = x·(x &gt; 0 ? 1 : 0.01).</summary>
    public static float Forward(float x) => x > 0f ? x : Slope * x;
}
