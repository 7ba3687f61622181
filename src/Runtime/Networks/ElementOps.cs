using TinyNN.Activations;

namespace TinyNN.Networks;

// The elementwise steps of the tiled passes (IElementOp.cs): each declares its operands, loads and math; [ElementOp]
// generates its At, and ElementMath holds the math.

/// <summary>Forward, hidden layer: keeps p (when training), returns and keeps h = σ(p).</summary>
[ElementOp]
public partial struct ForwardHiddenOp<TActivation> : IElementOp<ForwardHiddenOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>Where p and h go; <see cref="Keep"/> = 0 (inference) keeps neither.</summary>
    public StridedOperand PreActivations, Activations;
    /// <summary>Non-zero: keep p and h.</summary>
    public int Keep;

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
[ElementOp]
public partial struct ForwardOutputOp<TOutput> : IElementOp<ForwardOutputOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>[batch, out] operands for p and y.</summary>
    public StridedOperand PreActivations, Output;
    /// <summary>Non-zero: keep p.</summary>
    public int Keep;

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
[ElementOp]
public partial struct OutputDeltaOp<TOutput> : IElementOp<OutputDeltaOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>[batch, out] operands: kept p, dL/dy, and where δ goes.</summary>
    public StridedOperand PreActivations, OutputGradient, Deltas;

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
[ElementOp]
public partial struct HiddenDeltaOp<TActivation> : IElementOp<HiddenDeltaOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>Layer operands: kept p, where a and δ go.</summary>
    public StridedOperand PreActivations, Adjoints, Deltas;
    /// <summary>Non-zero: keep a (for a following backward-of-backward).</summary>
    public int KeepAdjoint;

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

/// <summary>Tangent sweep: keeps u = Wg and returns (and keeps) the next g = σ′(p)·u.</summary>
[ElementOp]
public partial struct TangentOp<TActivation> : IElementOp<TangentOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => true;

    /// <summary>Layer operands: kept p, where u and g go.</summary>
    public StridedOperand PreActivations, Tangents, TangentActivations;

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
[ElementOp]
public partial struct OutputSecondOp<TOutput> : IElementOp<OutputSecondOp<TOutput>> where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>[batch, out] operands: kept p, b = dL₁/dy, ê (empty: none), and where dL₂/d(dL₁/dy) and s go.</summary>
    public StridedOperand PreActivations, OutputGradient, ExtraOutputGradient, OutputGradientGradient, SecondDeltas;

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
[ElementOp]
public partial struct HiddenSecondOp<TActivation> : IElementOp<HiddenSecondOp<TActivation>> where TActivation : struct, IActivation
{
    /// <inheritdoc/>
    public static bool LoadsAhead => false;

    /// <summary>Layer operands: kept p, u, a, and where s goes.</summary>
    public StridedOperand PreActivations, Tangents, Adjoints, SecondDeltas;

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
