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
        for (var j = 0; j < v.InputWidth; j++) p = TVector.AddColumn(p, v.Weights, 0, v.InputWidth, j, input[row + j]);
        return p;
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
                    v.Output[index] = TOutput.DeviceForward(po);
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
        var a = TVector.Zero;
        for (var o = 0; o < v.OutputWidth; o++)
        {
            var index = (long)(int)sample * v.OutputWidth + o;
            var delta = TOutput.DeviceDerivative(v.OutputPreActivations[index]) * v.OutputGradient[index];
            v.OutputDeltas[index] = delta;
            a = TVector.AddRow(a, v.Weights, v.OutputMatrixOffset + (long)o * TVector.Width, delta);
        }
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            var delta = TVector.DerivativeTimes<THidden>(TVector.Load(v.PreActivations, offset, v.BatchSize), a);
            TVector.Store(delta, v.Deltas, offset, v.BatchSize);
            if (k > 0) a = TVector.TransposedMatVec(v.Weights, HiddenOffset<TVector>(v, k), delta);
            else if (computeInputGradient != 0)
            {
                var row = (long)(int)sample * v.InputWidth;
                for (var j = 0; j < v.InputWidth; j++) v.InputGradient[row + j] = TVector.DotColumn(delta, v.Weights, 0, v.InputWidth, j);
            }
        }
    }

    /// <summary>
    /// dL₂/dx, dL₂/d(dL₁/dy) and the vectors for dL₂/dW, where L₂ = ⟨dL₁/dx, g₀⟩ and L₁ = ⟨y, dL₁/dy⟩.
    /// Needs the kept forward state; recomputes the backward δ on the way.
    /// </summary>
    public static void BackwardBackward<TVector, THidden, TOutput>(Index1D sample, MlpViews v)
        where TVector : struct, IFusedVector<TVector>
        where THidden : struct, IActivation
        where TOutput : struct, IActivation
    {
        // Tangent sweep: uₖ = Wₖgₖ, gₖ₊₁ = σ′(pₖ)⊙uₖ, with g₀ the given direction.
        var u = FirstLayer<TVector>(v, v.InputGradientDirection, sample);
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            var g = TVector.DerivativeTimes<THidden>(TVector.Load(v.PreActivations, offset, v.BatchSize), u);
            TVector.Store(u, v.Tangents, offset, v.BatchSize);
            TVector.Store(g, v.TangentActivations, offset, v.BatchSize);
            if (k + 1 < v.HiddenLayers) u = Hidden(v, k + 1, g);
        }

        // Output layer: δ = σ′(p)b, s = σ″(p)·u·b, and dL₂/db = σ′(p)·u (the tangent of y).
        var last = TVector.Load(v.TangentActivations, LayerOffset<TVector>(v, v.HiddenLayers - 1, sample), v.BatchSize);
        var a = TVector.Zero;
        var adjoint = TVector.Zero;
        for (var o = 0; o < v.OutputWidth; o++)
        {
            var index = (long)(int)sample * v.OutputWidth + o;
            var row = v.OutputMatrixOffset + (long)o * TVector.Width;
            var p = v.OutputPreActivations[index];
            var b = v.OutputGradient[index];
            var uo = TVector.DotRow(last, v.Weights, row);
            var delta = TOutput.DeviceDerivative(p) * b;
            var second = TOutput.DeviceSecondDerivative(p) * uo * b;
            v.OutputGradientGradient[index] = TOutput.DeviceDerivative(p) * uo;
            v.OutputDeltas[index] = delta;
            v.OutputSecondDeltas[index] = second;
            a = TVector.AddRow(a, v.Weights, row, delta);
            adjoint = TVector.AddRow(adjoint, v.Weights, row, second);
        }

        // Reverse sweep: δₖ = σ′(pₖ)⊙aₖ₊₁ and sₖ = σ′(pₖ)⊙(Wₖ₊₁ᵀsₖ₊₁) + σ″(pₖ)⊙uₖ⊙aₖ₊₁.
        for (var k = v.HiddenLayers - 1; k >= 0; k--)
        {
            var offset = LayerOffset<TVector>(v, k, sample);
            var p = TVector.Load(v.PreActivations, offset, v.BatchSize);
            var uk = TVector.Load(v.Tangents, offset, v.BatchSize);
            var delta = TVector.DerivativeTimes<THidden>(p, a);
            var s = TVector.Add(TVector.DerivativeTimes<THidden>(p, adjoint), TVector.SecondDerivativeTimes<THidden>(p, uk, a));
            TVector.Store(delta, v.Deltas, offset, v.BatchSize);
            TVector.Store(s, v.SecondDeltas, offset, v.BatchSize);
            if (k > 0)
            {
                a = TVector.TransposedMatVec(v.Weights, HiddenOffset<TVector>(v, k), delta);
                adjoint = TVector.TransposedMatVec(v.Weights, HiddenOffset<TVector>(v, k), s);
            }
            else
            {
                var row = (long)(int)sample * v.InputWidth;
                for (var j = 0; j < v.InputWidth; j++) v.InputGradient[row + j] = TVector.DotColumn(s, v.Weights, 0, v.InputWidth, j);
            }
        }
    }
}
