using System.Runtime.CompilerServices;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// The elementwise first- and second-order math of every MLP pass, written once: the generated per-sample vectors
/// (<see cref="IFusedVector{TSelf}"/>, unrolled calls), the tiles' element ops (<see cref="IElementOp{TSelf}"/>) and
/// the layer-wise kernels (<see cref="MlpLayerKernels"/>) all call these. With pₖ the pre-activation, aₖ₊₁ the
/// first-order adjoint, uₖ the tangent and e the second-order adjoint from above (docs/second-order.md): forward
/// h = σ(p), backward δ = σ′(p)·a, tangent g = σ′(p)·u, curvature r = σ″(p)·u·a, second-order adjoint s = σ′(p)·e + r.
/// Scalar and inlined: ILGPU specialises each per activation and inlines it at O2, so the kernels keep the registers
/// and instructions they had with the formulas written in place (tools/PtxCounts compares).
/// </summary>
public static class ElementMath<TActivation> where TActivation : struct, IActivation
{
    /// <summary>h = σ(p): the forward pass's activation (and an output layer's y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Forward(float p) => TActivation.DeviceForward(p);

    /// <summary>σ′(p)·v: the backward pass's δ = σ′(p)·a and the tangent sweep's g = σ′(p)·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DerivativeTimes(float p, float v) => TActivation.DeviceDerivative(p) * v;

    /// <summary>r = σ″(p)·u·a: the curvature term of the second-order sweep (a tangent times a first-order adjoint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Curvature(float p, float u, float a) => TActivation.DeviceSecondDerivative(p) * u * a;

    /// <summary>
    /// A hidden layer of the second-order sweep from e = Wᵀs of the layer above, u and a: δ = σ′(p)·a and the
    /// second-order adjoint s = σ′(p)·e + σ″(p)·u·a, with σ′(p) evaluated once for both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SecondOrderTerms SecondOrder(float p, float e, float u, float a)
    {
        var derivative = TActivation.DeviceDerivative(p);
        return new SecondOrderTerms { Delta = derivative * a, SecondAdjoint = derivative * e + Curvature(p, u, a) };
    }

    /// <summary>s = σ′(p)·e + σ″(p)·u·a alone (<see cref="SecondOrder"/> without δ, which the fused paths have from the backward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SecondAdjoint(float p, float e, float u, float a) => SecondOrder(p, e, u, a).SecondAdjoint;

    /// <summary>
    /// The output layer of the second-order sweep, from its tangent u = W_out g and b = dL₁/dy: dL₂/d(dL₁/dy) = σ′(p)·u,
    /// δ = σ′(p)·b and s = σ″(p)·u·b, with σ′(p) evaluated once (and kept for <see cref="WithFirstOrderTerm"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OutputSecondOrderTerms OutputSecondOrder(float p, float u, float b)
    {
        var derivative = TActivation.DeviceDerivative(p);
        return new OutputSecondOrderTerms
        {
            Derivative = derivative, OutputGradientGradient = derivative * u, Delta = derivative * b, SecondAdjoint = Curvature(p, u, b),
        };
    }

    /// <summary>
    /// The output's s plus σ′(p)·ê: a first-order term ⟨y, ê⟩ folded into the second-order sweep, whose recursion its
    /// δ = σ′(p)·ê shares (callers add it only when they have an ê, so that none is loaded otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float WithFirstOrderTerm(OutputSecondOrderTerms terms, float extra) => terms.SecondAdjoint + terms.Derivative * extra;
}

/// <summary>What <see cref="ElementMath{TActivation}.SecondOrder"/> computes for one hidden element.</summary>
public struct SecondOrderTerms
{
    /// <summary>δ = σ′(p)·a, the first-order delta.</summary>
    public float Delta;
    /// <summary>s = σ′(p)·e + σ″(p)·u·a, the second-order adjoint.</summary>
    public float SecondAdjoint;
}

/// <summary>What <see cref="ElementMath{TActivation}.OutputSecondOrder"/> computes for one output element.</summary>
public struct OutputSecondOrderTerms
{
    /// <summary>σ′(p).</summary>
    public float Derivative;
    /// <summary>dL₂/d(dL₁/dy) = σ′(p)·u, the tangent of y.</summary>
    public float OutputGradientGradient;
    /// <summary>δ = σ′(p)·b, the first-order delta (the layer-wise path stores it here; the fused paths have it from the backward).</summary>
    public float Delta;
    /// <summary>s = σ″(p)·u·b, which starts the reverse second-order sweep (see <see cref="ElementMath{TActivation}.WithFirstOrderTerm"/>).</summary>
    public float SecondAdjoint;
}
