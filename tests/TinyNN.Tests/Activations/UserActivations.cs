using TinyNN.Activations;

namespace TinyNN.Tests.Activations;

/// <summary>
/// A user's own activation, declared in this (user) project and not among the built-ins: GELU in its tanh form.
/// The generator derives f′ and f″ here exactly as for the built-ins.
/// </summary>
[Activation("GeluTanh")]
public partial struct GeluTanh
{
    /// <summary>√(2/π).</summary>
    public const float C = 0.7978845608f;

    /// <summary>GELU, tanh approximation (Hendrycks and Gimpel).</summary>
    public static float Forward(float x) => 0.5f * x * (1f + MathF.Tanh(C * (x + 0.044715f * MathF.Pow(x, 3f))));
}

/// <summary>A second user activation, with a fractional power: a smooth absolute value √(x² + ε²) − ε.</summary>
[Activation("SoftAbs")]
public partial struct SoftAbs
{
    /// <summary>Smoothing width.</summary>
    public const float Epsilon = 0.1f;

    /// <summary>√(x² + ε²) − ε.</summary>
    public static float Forward(float x) => MathF.Pow(x * x + Epsilon * Epsilon, 0.5f) - Epsilon;
}
