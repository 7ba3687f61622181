namespace TinyNN.Activations;

/// <summary>tcnn's Squareplus with K = 10: (Kx + √((Kx)² + 4)) / 2K, a smooth ReLU.</summary>
[Activation("Squareplus", Order = 6)]
public readonly partial struct Squareplus
{
    /// <summary>tcnn's sharpness constant.</summary>
    public const float K = 10f;

    /// <summary>σ(x) = (Kx + √((Kx)² + 4)) / 2K, tcnn's literal formula.</summary>
    public static float Forward(float x) => (K * x + MathF.Sqrt(K * x * (K * x) + 4f)) / (2f * K);
}
