using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// One elementwise step of a tiled MLP pass, applied by <see cref="Block8x8.Map{TOp}"/> to each (neuron, sample) of a
/// thread's block right after the layer's product: it may read and write the vectors a pass keeps (its fields) and
/// returns the value the next product consumes. Structs, so ILGPU specialises each pass per op and activation.
/// </summary>
public interface IElementOp
{
    /// <summary>The new value of element (<paramref name="row"/>, <paramref name="sample"/>) whose product is <paramref name="value"/>.</summary>
    float Apply(float value, int row, int sample);
}

/// <summary>Forward, hidden layer: keeps p (when training), returns and keeps h = σ(p).</summary>
public struct ForwardHiddenOp<TActivation> : IElementOp where TActivation : struct, IActivation
{
    /// <summary>Where p and h go; <see cref="Keep"/> = 0 (inference) keeps neither.</summary>
    public StridedOperand PreActivations, Activations;
    /// <summary>Non-zero: keep p and h.</summary>
    public int Keep;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        var h = TActivation.DeviceForward(value);
        if (Keep != 0)
        {
            PreActivations.Set(row, sample, value);
            Activations.Set(row, sample, h);
        }
        return h;
    }
}

/// <summary>Forward, output layer: keeps p (when training) and writes y = σ_out(p).</summary>
public struct ForwardOutputOp<TOutput> : IElementOp where TOutput : struct, IActivation
{
    /// <summary>[batch, out] operands for p and y.</summary>
    public StridedOperand PreActivations, Output;
    /// <summary>Non-zero: keep p.</summary>
    public int Keep;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        if (Keep != 0) PreActivations.Set(row, sample, value);
        var y = TOutput.DeviceForward(value);
        Output.Set(row, sample, y);
        return y;
    }
}

/// <summary>Backward, output layer: δ = σ_out′(p)·dL/dy (kept for dL/dW), the start of the reverse sweep.</summary>
public struct OutputDeltaOp<TOutput> : IElementOp where TOutput : struct, IActivation
{
    /// <summary>[batch, out] operands: kept p, dL/dy, and where δ goes.</summary>
    public StridedOperand PreActivations, OutputGradient, Deltas;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        var delta = TOutput.DeviceDerivative(PreActivations.At(row, sample)) * OutputGradient.At(row, sample);
        Deltas.Set(row, sample, delta);
        return delta;
    }
}

/// <summary>Backward, hidden layer: from the adjoint a = Wᵀδ (kept when <see cref="KeepAdjoint"/>), δ = σ′(p)·a.</summary>
public struct HiddenDeltaOp<TActivation> : IElementOp where TActivation : struct, IActivation
{
    /// <summary>Layer operands: kept p, where a and δ go.</summary>
    public StridedOperand PreActivations, Adjoints, Deltas;
    /// <summary>Non-zero: keep a (for a following backward-of-backward).</summary>
    public int KeepAdjoint;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        if (KeepAdjoint != 0) Adjoints.Set(row, sample, value);
        var delta = TActivation.DeviceDerivative(PreActivations.At(row, sample)) * value;
        Deltas.Set(row, sample, delta);
        return delta;
    }
}

/// <summary>Writes the value (dL/dx at the end of a reverse sweep).</summary>
public struct StoreOp : IElementOp
{
    /// <summary>Where it goes.</summary>
    public StridedOperand Destination;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        Destination.Set(row, sample, value);
        return value;
    }
}

/// <summary>Tangent sweep: keeps u = Wg and returns (and keeps) the next g = σ′(p)·u.</summary>
public struct TangentOp<TActivation> : IElementOp where TActivation : struct, IActivation
{
    /// <summary>Layer operands: kept p, where u and g go.</summary>
    public StridedOperand PreActivations, Tangents, TangentActivations;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        Tangents.Set(row, sample, value);
        var g = TActivation.DeviceDerivative(PreActivations.At(row, sample)) * value;
        TangentActivations.Set(row, sample, g);
        return g;
    }
}

/// <summary>
/// Second-order sweep, output layer, from the output tangent u = W_out g: dL₂/d(dL₁/dy) = σ′(p)·u, and the
/// second-order adjoint s = σ″(p)·u·b (+ σ′(p)·ê for a folded first-order term), which starts the reverse sweep.
/// </summary>
public struct OutputSecondOp<TOutput> : IElementOp where TOutput : struct, IActivation
{
    /// <summary>[batch, out] operands: kept p, b = dL₁/dy, ê (empty: none), and where dL₂/d(dL₁/dy) and s go.</summary>
    public StridedOperand PreActivations, OutputGradient, ExtraOutputGradient, OutputGradientGradient, SecondDeltas;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        var p = PreActivations.At(row, sample);
        var derivative = TOutput.DeviceDerivative(p);
        OutputGradientGradient.Set(row, sample, derivative * value);
        var second = TOutput.DeviceSecondDerivative(p) * value * OutputGradient.At(row, sample);
        if (ExtraOutputGradient.Data.Length > 0) second += derivative * ExtraOutputGradient.At(row, sample);
        SecondDeltas.Set(row, sample, second);
        return second;
    }
}

/// <summary>Second-order sweep, hidden layer, from e = Wᵀs: s = σ′(p)·e + σ″(p)·u·a, kept for dL₂/dW.</summary>
public struct HiddenSecondOp<TActivation> : IElementOp where TActivation : struct, IActivation
{
    /// <summary>Layer operands: kept p, u, a, and where s goes.</summary>
    public StridedOperand PreActivations, Tangents, Adjoints, SecondDeltas;

    /// <inheritdoc/>
    public readonly float Apply(float value, int row, int sample)
    {
        var p = PreActivations.At(row, sample);
        var s = TActivation.DeviceDerivative(p) * value + TActivation.DeviceSecondDerivative(p) * Tangents.At(row, sample) * Adjoints.At(row, sample);
        SecondDeltas.Set(row, sample, s);
        return s;
    }
}
