namespace TinyNN.Networks;

/// <summary>
/// One elementwise step of a tiled MLP pass, applied by <see cref="Block8x8.Map{TOp}"/> to each (neuron, sample) of a
/// thread's block right after the layer's product: it may read and write the vectors a pass keeps (its fields) and
/// returns the value the next product consumes. Structs, so ILGPU specialises each pass per op and activation.
/// </summary>
public interface IElementOp<TSelf> where TSelf : struct, IElementOp<TSelf>
{
    /// <summary>
    /// This op with its operands seen from (<paramref name="row"/>, <paramref name="sample"/>): <see cref="Load"/> and
    /// <see cref="Apply"/> then take positions relative to it (one base address an operand, 32-bit offsets).
    /// </summary>
    TSelf At(int row, int sample);

    /// <summary>
    /// Whether <see cref="Block8x8.Map{TOp}"/> issues the next row's loads before this row's stores: one memory
    /// latency a row then hides behind the previous row's work, for a second bank of inputs in registers. Worth it
    /// for steps that read one or two kept values (8 or 16 more live registers); the second-order step's three would
    /// spill. (Adding this member changed the interface: an implementation outside TinyNN must now declare it.)
    /// Elementwise steps read and write only their own element, so the order cannot change a result.
    /// </summary>
    static abstract bool LoadsAhead { get; }

    /// <summary>
    /// The kept values element (<paramref name="row"/>, <paramref name="sample"/>) reads (loaded ahead of the stores);
    /// positions are relative to the origin the op was moved to by <see cref="At"/>.
    /// </summary>
    ElementInputs Load(int row, int sample);

    /// <summary>
    /// The new value of the element whose product is <paramref name="value"/>, given what <see cref="Load"/> read;
    /// positions relative to the op's origin, as for <see cref="Load"/>.
    /// </summary>
    float Apply(float value, ElementInputs inputs, int row, int sample);
}

/// <summary>Up to three kept values one element's step reads (p, and u and a for the second order).</summary>
public struct ElementInputs
{
    /// <summary>First value (the pre-activation p where the step reads one).</summary>
    public float A;
    /// <summary>Second value.</summary>
    public float B;
    /// <summary>Third value.</summary>
    public float C;
}
