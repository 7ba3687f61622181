namespace TinyNN.Activations;

/// <summary>
/// An elementwise activation σ with its first and second derivatives, all functions of the pre-activation x.
/// Implemented by the generator for every <see cref="ActivationAttribute"/> declaration; kernels are generic
/// over a struct implementing it, so ILGPU specialises and inlines one kernel per activation.
/// </summary>
public interface IActivation
{
    /// <summary>The name configs use (tcnn's <c>"activation"</c> value).</summary>
    static abstract string Name { get; }

    /// <summary>The declared formula, as written.</summary>
    static abstract string ForwardFormula { get; }

    /// <summary>f′ as the generator emits it (derived, or declared).</summary>
    static abstract string DerivativeFormula { get; }

    /// <summary>f″ as the generator emits it (derived, or declared).</summary>
    static abstract string SecondDerivativeFormula { get; }

    /// <summary>σ(x).</summary>
    static abstract float Forward(float x);

    /// <summary>σ′(x); at a kink, tcnn's convention (ReLU′(0) = 0).</summary>
    static abstract float Derivative(float x);

    /// <summary>σ″(x).</summary>
    static abstract float SecondDerivative(float x);

    /// <summary>σ(x) as kernels compute it: generated from the formula for ILGPU (float32 only, accurate tanh/sin).</summary>
    static abstract float DeviceForward(float x);

    /// <summary>σ′(x) as kernels compute it.</summary>
    static abstract float DeviceDerivative(float x);

    /// <summary>σ″(x) as kernels compute it.</summary>
    static abstract float DeviceSecondDerivative(float x);

    /// <summary>σ(x) in float64, for references (float literals of the formula keep their float values).</summary>
    static abstract double Forward(double x);

    /// <summary>σ′(x) in float64.</summary>
    static abstract double Derivative(double x);

    /// <summary>σ″(x) in float64.</summary>
    static abstract double SecondDerivative(double x);
}
