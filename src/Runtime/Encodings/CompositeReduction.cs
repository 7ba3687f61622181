namespace TinyNN.Encodings;

/// <summary>How <see cref="CompositeEncoding"/> combines its nested encodings' outputs (tcnn's "reduction").</summary>
public enum CompositeReduction
{
    /// <summary>Outputs side by side, in order (tcnn's default).</summary>
    Concatenation,

    /// <summary>Elementwise sum of equally wide outputs.</summary>
    Sum,

    /// <summary>Elementwise product of equally wide outputs.</summary>
    Product,
}
