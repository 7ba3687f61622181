namespace TinyNN.Configs;

/// <summary>How a Composite encoding combines its parts' outputs [tcnn encodings/composite.h].</summary>
public enum CompositeReduction
{
    /// <summary>"Concatenation": the outputs side by side.</summary>
    Concatenation,

    /// <summary>"Sum": element-wise sum (the parts must have equal output widths).</summary>
    Sum,

    /// <summary>"Product": element-wise product (the parts must have equal output widths).</summary>
    Product,
}
