namespace TinyNN.Networks;

/// <summary>
/// Declares a fully fused MLP: mark an empty <c>partial class</c> and the generator makes it an
/// <see cref="IFusedNetwork"/> with its forward, backward and backward-of-backward kernels specialised for the
/// width's generated register vector and the two activations; <c>FullyFusedMlp.Create&lt;T&gt;</c> runs them.
/// </summary>
/// <param name="width">Neurons per hidden layer: a width a [FusedVector] struct is declared for (TinyNN declares tcnn's 16, 32, 64 and 128).</param>
/// <param name="hiddenLayers">Hidden layers, ≥ 1.</param>
/// <param name="activation">The hidden activation: an [Activation] struct (a built-in such as typeof(Softplus) or your own).</param>
/// <param name="outputActivation">The output activation, an [Activation] struct (typeof(None) for a linear output).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FusedNetworkAttribute(int width, int hiddenLayers, Type activation, Type outputActivation) : Attribute
{
    /// <summary>Neurons per hidden layer.</summary>
    public int Width { get; } = width;

    /// <summary>Hidden layers.</summary>
    public int HiddenLayers { get; } = hiddenLayers;

    /// <summary>The hidden activation struct.</summary>
    public Type Activation { get; } = activation;

    /// <summary>The output activation struct.</summary>
    public Type OutputActivation { get; } = outputActivation;
}
