namespace TinyNN.Networks;

/// <summary>
/// Declares a width-specialised register vector for fused MLP kernels: mark an empty <c>partial struct</c> and the
/// generator fills it with one float field per neuron and fully unrolled layer operations (ILGPU 1.5.3 does not
/// unroll loops, and an array indexed by a loop variable would live in local memory).
/// </summary>
/// <param name="width">Neurons per layer: a multiple of 16 from 16 to 128.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FusedVectorAttribute(int width) : Attribute
{
    /// <summary>Neurons per layer.</summary>
    public int Width { get; } = width;
}
