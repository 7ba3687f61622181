namespace TinyNN.Encodings;

/// <summary>
/// A float64 hyper-dual number a + b·ε₁ + c·ε₂ + d·ε₁ε₂ with ε₁² = ε₂² = 0: evaluating f at x + u·ε₁ + v·ε₂ gives
/// f(x), ∇f·u, ∇f·v and uᵀ(∇²f)v exactly (no step size), which is how <see cref="EncodingReference"/> gets first
/// and second derivatives from a forward written once.
/// </summary>
/// <param name="Value">The real part a.</param>
/// <param name="First">The ε₁ part b (derivative along the first direction).</param>
/// <param name="Second">The ε₂ part c (derivative along the second direction).</param>
/// <param name="Mixed">The ε₁ε₂ part d (second derivative along both directions).</param>
public readonly record struct HyperDual(double Value, double First, double Second, double Mixed)
{
    /// <summary>A constant.</summary>
    public static implicit operator HyperDual(double value) => new(value, 0, 0, 0);

    /// <summary>Sum.</summary>
    public static HyperDual operator +(HyperDual a, HyperDual b) => new(a.Value + b.Value, a.First + b.First, a.Second + b.Second, a.Mixed + b.Mixed);

    /// <summary>Difference.</summary>
    public static HyperDual operator -(HyperDual a, HyperDual b) => new(a.Value - b.Value, a.First - b.First, a.Second - b.Second, a.Mixed - b.Mixed);

    /// <summary>Negation.</summary>
    public static HyperDual operator -(HyperDual a) => new(-a.Value, -a.First, -a.Second, -a.Mixed);

    /// <summary>Product (the ε₁ε₂ part collects both cross terms).</summary>
    public static HyperDual operator *(HyperDual a, HyperDual b) => new(a.Value * b.Value, a.First * b.Value + a.Value * b.First,
        a.Second * b.Value + a.Value * b.Second, a.Mixed * b.Value + a.First * b.Second + a.Second * b.First + a.Value * b.Mixed);

    /// <summary>f(a) for a scalar f with f(a.Value) = <paramref name="f"/>, f′ = <paramref name="df"/>, f″ = <paramref name="d2f"/> (the chain rule to second order).</summary>
    public HyperDual Apply(double f, double df, double d2f) => new(f, df * First, df * Second, df * Mixed + d2f * First * Second);

    /// <summary>sin a.</summary>
    public static HyperDual Sin(HyperDual a) => a.Apply(Math.Sin(a.Value), Math.Cos(a.Value), -Math.Sin(a.Value));

    /// <summary>cos a.</summary>
    public static HyperDual Cos(HyperDual a) => a.Apply(Math.Cos(a.Value), -Math.Sin(a.Value), -Math.Cos(a.Value));

    /// <summary>|a|, with the derivative of the side a.Value is on (+1 at 0).</summary>
    public static HyperDual Abs(HyperDual a) => a.Value < 0 ? -a : a;

    /// <summary>⌊a⌋, a step function: derivatives 0.</summary>
    public static HyperDual Floor(HyperDual a) => Math.Floor(a.Value);
}
