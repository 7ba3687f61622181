namespace TinyNN.Activations;

/// <summary>sin x (tcnn's "Sine"; SIREN's ω₀ lives in the initial weights, see <see cref="Siren"/> for a built-in one).</summary>
[Activation("Sine", Order = 4)]
public readonly partial struct Sine
{
    /// <summary>σ(x) = sin x.</summary>
    public static float Forward(float x) => MathF.Sin(x);
}
