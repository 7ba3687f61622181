using TinyNN.Activations;

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

/// <summary>Forward, hidden layer: keeps p (when training), returns and keeps h = σ(p).</summary>
public struct ForwardHiddenOp<TActivation> : IElementOp<ForwardHiddenOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>Where p and h go; <see cref="Keep"/> = 0 (inference) keeps neither.</summary>
    public StridedOperand PreActivations, Activations;
    /// <summary>Non-zero: keep p and h.</summary>
    public int Keep;

    /// <inheritdoc/>
    public readonly ForwardHiddenOp<TActivation> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.Activations = Activations.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => default;

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        var h = ElementMath<TActivation>.Forward(value);
        if (Keep != 0)
        {
            PreActivations.Set(row, sample, value);
            Activations.Set(row, sample, h);
        }
        return h;
    }
}

/// <summary>Forward, output layer: keeps p (when training) and writes y = σ_out(p).</summary>
public struct ForwardOutputOp<TOutput> : IElementOp<ForwardOutputOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>[batch, out] operands for p and y.</summary>
    public StridedOperand PreActivations, Output;
    /// <summary>Non-zero: keep p.</summary>
    public int Keep;

    /// <inheritdoc/>
    public readonly ForwardOutputOp<TOutput> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.Output = Output.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => default;

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        if (Keep != 0) PreActivations.Set(row, sample, value);
        var y = ElementMath<TOutput>.Forward(value);
        Output.Set(row, sample, y);
        return y;
    }
}

/// <summary>Backward, output layer: δ = σ_out′(p)·dL/dy (kept for dL/dW), the start of the reverse sweep.</summary>
public struct OutputDeltaOp<TOutput> : IElementOp<OutputDeltaOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>[batch, out] operands: kept p, dL/dy, and where δ goes.</summary>
    public StridedOperand PreActivations, OutputGradient, Deltas;

    /// <inheritdoc/>
    public readonly OutputDeltaOp<TOutput> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.OutputGradient = OutputGradient.Bound(row, sample);
        at.Deltas = Deltas.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => new() { A = PreActivations.At(row, sample), B = OutputGradient.At(row, sample) };

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        var delta = ElementMath<TOutput>.DerivativeTimes(inputs.A, inputs.B);
        Deltas.Set(row, sample, delta);
        return delta;
    }
}

/// <summary>Backward, hidden layer: from the adjoint a = Wᵀδ (kept when <see cref="KeepAdjoint"/>), δ = σ′(p)·a.</summary>
public struct HiddenDeltaOp<TActivation> : IElementOp<HiddenDeltaOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>Layer operands: kept p, where a and δ go.</summary>
    public StridedOperand PreActivations, Adjoints, Deltas;
    /// <summary>Non-zero: keep a (for a following backward-of-backward).</summary>
    public int KeepAdjoint;

    /// <inheritdoc/>
    public readonly HiddenDeltaOp<TActivation> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.Adjoints = Adjoints.Bound(row, sample);
        at.Deltas = Deltas.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => new() { A = PreActivations.At(row, sample) };

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        if (KeepAdjoint != 0) Adjoints.Set(row, sample, value);
        var delta = ElementMath<TActivation>.DerivativeTimes(inputs.A, value);
        Deltas.Set(row, sample, delta);
        return delta;
    }
}

/// <summary>Writes the value (dL/dx at the end of a reverse sweep).</summary>
public struct StoreOp : IElementOp<StoreOp>
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>Where it goes.</summary>
    public StridedOperand Destination;

    /// <inheritdoc/>
    public readonly StoreOp At(int row, int sample)
    {
        var at = this;
        at.Destination = Destination.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => default;

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        Destination.Set(row, sample, value);
        return value;
    }
}

/// <summary>Tangent sweep: keeps u = Wg and returns (and keeps) the next g = σ′(p)·u.</summary>
public struct TangentOp<TActivation> : IElementOp<TangentOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>Layer operands: kept p, where u and g go.</summary>
    public StridedOperand PreActivations, Tangents, TangentActivations;

    /// <inheritdoc/>
    public readonly TangentOp<TActivation> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.Tangents = Tangents.Bound(row, sample);
        at.TangentActivations = TangentActivations.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => new() { A = PreActivations.At(row, sample) };

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        Tangents.Set(row, sample, value);
        var g = ElementMath<TActivation>.DerivativeTimes(inputs.A, value);
        TangentActivations.Set(row, sample, g);
        return g;
    }
}

/// <summary>
/// Second-order sweep, output layer, from the output tangent u = W_out g: dL₂/d(dL₁/dy) = σ′(p)·u, and the
/// second-order adjoint s = σ″(p)·u·b (+ σ′(p)·ê for a folded first-order term), which starts the reverse sweep.
/// </summary>
public struct OutputSecondOp<TOutput> : IElementOp<OutputSecondOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>[batch, out] operands: kept p, b = dL₁/dy, ê (empty: none), and where dL₂/d(dL₁/dy) and s go.</summary>
    public StridedOperand PreActivations, OutputGradient, ExtraOutputGradient, OutputGradientGradient, SecondDeltas;

    /// <inheritdoc/>
    public readonly OutputSecondOp<TOutput> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.OutputGradient = OutputGradient.Bound(row, sample);
        at.ExtraOutputGradient = ExtraOutputGradient.Bound(row, sample);
        at.OutputGradientGradient = OutputGradientGradient.Bound(row, sample);
        at.SecondDeltas = SecondDeltas.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) => new()
    {
        A = PreActivations.At(row, sample),
        B = OutputGradient.At(row, sample),
        C = ExtraOutputGradient.Data.Length > 0 ? ExtraOutputGradient.At(row, sample) : 0f,
    };

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        var terms = ElementMath<TOutput>.OutputSecondOrder(inputs.A, value, inputs.B);
        OutputGradientGradient.Set(row, sample, terms.OutputGradientGradient);
        var second = terms.SecondAdjoint;
        if (ExtraOutputGradient.Data.Length > 0) second = ElementMath<TOutput>.WithFirstOrderTerm(terms, inputs.C);
        SecondDeltas.Set(row, sample, second);
        return second;
    }
}

/// <summary>Second-order sweep, hidden layer, from e = Wᵀs: s = σ′(p)·e + σ″(p)·u·a, kept for dL₂/dW.</summary>
public struct HiddenSecondOp<TActivation> : IElementOp<HiddenSecondOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>Layer operands: kept p, u, a, and where s goes.</summary>
    public StridedOperand PreActivations, Tangents, Adjoints, SecondDeltas;

    /// <inheritdoc/>
    public readonly HiddenSecondOp<TActivation> At(int row, int sample)
    {
        var at = this;
        at.PreActivations = PreActivations.Bound(row, sample);
        at.Tangents = Tangents.Bound(row, sample);
        at.Adjoints = Adjoints.Bound(row, sample);
        at.SecondDeltas = SecondDeltas.Bound(row, sample);
        return at;
    }

    /// <inheritdoc/>
    public readonly ElementInputs Load(int row, int sample) =>
        new() { A = PreActivations.At(row, sample), B = Tangents.At(row, sample), C = Adjoints.At(row, sample) };

    /// <inheritdoc/>
    public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
    {
        var s = ElementMath<TActivation>.SecondAdjoint(inputs.A, value, inputs.B, inputs.C);
        SecondDeltas.Set(row, sample, s);
        return s;
    }
}
