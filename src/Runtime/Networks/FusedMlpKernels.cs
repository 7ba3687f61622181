using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// The fused MLP passes, one sample per thread, written once against <see cref="IFusedVector{TSelf}"/> and
/// specialised by ILGPU per width and activation pair. The math (no biases; layer k: pₖ = Wₖhₖ, hₖ₊₁ = σₖ(pₖ)):
/// backward δₖ = σ′(pₖ)⊙aₖ₊₁, aₖ = Wₖᵀδₖ; backward-backward runs the tangent gₖ₊₁ = σ′(pₖ)⊙Wₖgₖ forward,
/// then sₖ = σ′(pₖ)⊙Wₖ₊₁ᵀsₖ₊₁ + σ″(pₖ)⊙uₖ⊙aₖ₊₁ backward (docs/second-order.md derives it).
/// Parameter gradients are batch sums of outer products, reduced by <see cref="OuterProductKernels"/>.
/// </summary>
public static class FusedMlpKernels
{
    private static long LayerOffset<TVector>(MlpViews v, int layer, int sample) where TVector : struct, IFusedVector<TVector> =>
        (long)layer * TVector.Width * v.BatchSize + sample;

    /// <summary>pₖ of hidden matrix k ≥ 1 applied to h.</summary>
    private static TVector Hidden<TVector>(MlpViews v, int layer, TVector h) where TVector : struct, IFusedVector<TVector> =>
        TVector.MatVec(v.Weights, (long)TVector.Width * v.InputWidth + (long)(layer - 1) * TVector.Width * TVector.Width, h);

    private static long HiddenOffset<TVector>(MlpViews v, int layer) where TVector : struct, IFusedVector<TVector> =>
        (long)TVector.Width * v.InputWidth + (long)(layer - 1) * TVector.Width * TVector.Width;

    /// <summary>W₀ x for the sample's row of <paramref name="input"/>.</summary>
    private static TVector FirstLayer<TVector>(MlpViews v, ArrayView<float> input, int sample) where TVector : struct, IFusedVector<TVector>
    {
        var p = TVector.Zero;
        var row = (long)(int)sample * v.InputWidth;
        if (v.InputWidth % 4 == 0)
        {
            for (var j = 0; j < v.InputWidth; j += 4)
            {
                var x = new Float4 { X = input[row + j], Y = input[row + j + 1], Z = input[row + j + 2], W = input[row + j + 3] };
                p = TVector.AddColumns4(p, v.Weights, 0, v.InputWidth, j, x);
            }
        }
        else
        {
            for (var j = 0; j < v.InputWidth; j++) p = TVector.AddColumn(p, v.Weights, 0, v.InputWidth, j, input[row + j]);
        }
        return p;
    }

    /// <summary>dL/dx = W₀ᵀδ₀ into the sample's row of the input gradient, four inputs a load where the width allows.</summary>
    private static void InputGradient<TVector>(MlpViews v, int sample, TVector delta) where TVector : struct, IFusedVector<TVector>
    {
        var row = (long)sample * v.InputWidth;
        if (v.InputWidth % 4 == 0)
        {
            for (var j = 0; j < v.InputWidth; j += 4)
            {
                var g = TVector.DotColumns4(delta, v.Weights, 0, v.InputWidth, j);
                v.InputGradient[row + j] = g.X;
                v.InputGradient[row + j + 1] = g.Y;
                v.InputGradient[row + j + 2] = g.Z;
                v.InputGradient[row + j + 3] = g.W;
            }
        }
        else
        {
            for (var j = 0; j < v.InputWidth; j++) v.InputGradient[row + j] = TVector.DotColumn(delta, v.Weights, 0, v.InputWidth, j);
        }
    }

    /// <summary>The output layer's δ = σ′(p)·dL₁/dy (stored for dL/dW) and a = W_outᵀδ, the adjoint of the last hidden layer.</summary>
    private static TVector OutputAdjoint<TVector, TOutput>(Index1D sample, MlpViews v)
        where TVector : struct, IFusedVector<TVector>
        where TOutput : struct, IActivation
    {
        var a = TVector.Zero;
        for (var o = 0; o < v.OutputWidth; o++)
        {
            var index = (long)(int)sample * v.OutputWidth + o;
            var delta = ElementMath<TOutput>.DerivativeTimes(v.OutputPreActivations[index], v.OutputGradient[index]);
            v.OutputDeltas[index] = delta;
            a = TVector.AddRow(a, v.Weights, v.OutputMatrixOffset + (long)o * TVector.Width, delta);
        }
        return a;
    }

    /// <summary>y = σ_out(W_out σ(…σ(W₀x))). With <paramref name="keep"/>, stores what the backward passes need.</summary>
    public static void Forward<TVector, THidden, TOutput>(Index1D sample, MlpViews v, int keep)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation
    {
        var p = FirstLayer<TVector>(v, v.Input, sample);
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var h = TVector.Activate<THidden>(p);
            if (keep != 0)
            {
                TVector.Store(p, v.PreActivations, LayerOffset<TVector>(v, k, sample), v.BatchSize);
                TVector.Store(h, v.Activations, LayerOffset<TVector>(v, k, sample), v.BatchSize);
            }
            if (k + 1 < v.HiddenLayers) p = Hidden(v, k + 1, h);
            else
            {
                for (var o = 0; o < v.OutputWidth; o++)
                {
                    var po = TVector.DotRow(h, v.Weights, v.OutputMatrixOffset + (long)o * TVector.Width);
                    var index = (long)(int)sample * v.OutputWidth + o;
                    if (keep != 0) v.OutputPreActivations[index] = po;
                    v.Output[index] = ElementMath<TOutput>.Forward(po);
                }
            }
        }
    }

    /// <summary>dL/dx and the δ vectors for dL/dW, from the kept pre-activations and dL/dy.</summary>
    public static void Backward<TVector, THidden, TOutput>(Index1D sample, MlpViews v, int computeInputGradient)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation
    {
        var a = OutputAdjoint<TVector, TOutput>(sample, v);
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            // Kept when asked (Adjoints bound): a following backward-of-backward can then skip its adjoint sweep.
            if (v.Adjoints.Length > 0) TVector.Store(a, v.Adjoints, offset, v.BatchSize);
            var delta = TVector.DerivativeTimes<THidden>(TVector.Load(v.PreActivations, offset, v.BatchSize), a);
            TVector.Store(delta, v.Deltas, offset, v.BatchSize);
            if (k > 0) a = TVector.TransposedMatVec(v.Weights, HiddenOffset<TVector>(v, k), delta);
            else if (computeInputGradient != 0)
            {
                InputGradient(v, sample, delta);
            }
        }
    }

    // Backward of backward, in three sweeps so that no more than two width-vectors are live in a thread (one fused
    // kernel kept four, which spilled to local memory on the GPU and ran ten times slower than the forward pass).
    // L₂ = ⟨dL₁/dx, g₀⟩ with L₁ = ⟨y, dL₁/dy⟩; all three read the kept forward state.

    /// <summary>Sweep 1, the tangent: uₖ = Wₖgₖ and gₖ₊₁ = σ′(pₖ)⊙uₖ from g₀ = dL₂/d(dL₁/dx); stores u and g.</summary>
    public static void TangentSweep<TVector, THidden, TOutput>(Index1D sample, MlpViews v)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation
    {
        var u = FirstLayer<TVector>(v, v.InputGradientDirection, sample);
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            var g = TVector.DerivativeTimes<THidden>(TVector.Load(v.PreActivations, offset, v.BatchSize), u);
            TVector.Store(u, v.Tangents, offset, v.BatchSize);
            TVector.Store(g, v.TangentActivations, offset, v.BatchSize);
            if (k + 1 < v.HiddenLayers) u = Hidden(v, k + 1, g);
        }
    }

    /// <summary>
    /// Sweep 2, the first-order adjoint: aₖ₊₁ = dL₁/dhₖ₊₁ and δₖ = σ′(pₖ)⊙aₖ₊₁ (stores both) from dL₁/dy: the backward
    /// pass without dL/dx, with the adjoints bound (backward-of-backward's views always bind them).
    /// </summary>
    public static void AdjointSweep<TVector, THidden, TOutput>(Index1D sample, MlpViews v)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation =>
        Backward<TVector, THidden, TOutput>(sample, v, 0);

    /// <summary>
    /// Sweep 3, the second-order adjoint: at the output dL₂/d(dL₁/dy) = σ′(p)·u and s = σ″(p)·u·b, then
    /// sₖ = σ′(pₖ)⊙Wₖ₊₁ᵀsₖ₊₁ + σ″(pₖ)⊙uₖ⊙aₖ₊₁ down to dL₂/dx = W₀ᵀs₀; stores s for dL₂/dW.
    /// </summary>
    public static void SecondAdjointSweep<TVector, THidden, TOutput>(Index1D sample, MlpViews v)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation
    {
        var last = TVector.Load(v.TangentActivations, LayerOffset<TVector>(v, v.HiddenLayers - 1, sample), v.BatchSize);
        var adjoint = TVector.Zero;
        for (var o = 0; o < v.OutputWidth; o++)
        {
            var index = (long)(int)sample * v.OutputWidth + o;
            var row = v.OutputMatrixOffset + (long)o * TVector.Width;
            var uo = TVector.DotRow(last, v.Weights, row);
            var terms = ElementMath<TOutput>.OutputSecondOrder(v.OutputPreActivations[index], uo, v.OutputGradient[index]);
            var second = terms.SecondAdjoint;
            // A first-order term ⟨y, ê⟩ folded into the same sweep (its δ = σ′(p)·ê follows the same recursion as s).
            if (v.ExtraOutputGradient.Length > 0) second = ElementMath<TOutput>.WithFirstOrderTerm(terms, v.ExtraOutputGradient[index]);
            v.OutputGradientGradient[index] = terms.OutputGradientGradient;
            v.OutputSecondDeltas[index] = second;
            adjoint = TVector.AddRow(adjoint, v.Weights, row, second);
        }
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            var s = TVector.SecondOrderAdjoint<THidden>(adjoint, v.PreActivations, v.Tangents, v.Adjoints, offset, v.BatchSize);
            TVector.Store(s, v.SecondDeltas, offset, v.BatchSize);
            if (k > 0) adjoint = TVector.TransposedMatVec(v.Weights, HiddenOffset<TVector>(v, k), s);
            else
            {
                InputGradient(v, sample, s);
            }
        }
    }
}
