namespace TinyNN.Networks;

/// <summary>
/// Written by the generator, one per [FusedVector] struct of an assembly: how a referencing project's generator learns
/// which widths it may declare networks for. Not for hand use.
/// </summary>
/// <param name="width">The vector's width.</param>
/// <param name="vector">The [FusedVector] struct.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class DeclaredFusedVectorAttribute(int width, Type vector) : Attribute
{
    /// <summary>The vector's width.</summary>
    public int Width { get; } = width;

    /// <summary>The [FusedVector] struct.</summary>
    public Type Vector { get; } = vector;
}
