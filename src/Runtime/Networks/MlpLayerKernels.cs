using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// The layer-by-layer passes of <see cref="Mlp"/>: one thread per (row, sample), thread index = row · batch + sample,
/// so a warp reads consecutive samples of one row. Matrices are tcnn's row-major [fan_out, fan_in] at an offset.
/// </summary>
public static class MlpLayerKernels
{
    /// <summary>y[r, s] = Σⱼ W[r, j]·x[j, s].</summary>
    public static void Product(Index1D index, ArrayView<float> weights, long offset, int fanIn, int batch, StridedOperand x, StridedOperand y)
    {
        var row = (int)index / batch;
        var sample = (int)index % batch;
        var matrixRow = offset + (long)row * fanIn;
        var sum = 0f;
        for (var j = 0; j < fanIn; j++) sum += weights[matrixRow + j] * x.At(j, sample);
        y.Set(row, sample, sum);
    }

    /// <summary>y[j, s] = Σₒ W[o, j]·d[o, s] over the <paramref name="fanOut"/> rows of W.</summary>
    public static void TransposedProduct(Index1D index, ArrayView<float> weights, long offset, int fanIn, int fanOut, int batch,
        StridedOperand d, StridedOperand y)
    {
        var column = (int)index / batch;
        var sample = (int)index % batch;
        var sum = 0f;
        for (var o = 0; o < fanOut; o++) sum += weights[offset + (long)o * fanIn + column] * d.At(o, sample);
        y.Set(column, sample, sum);
    }

    /// <summary>post = σ(pre).</summary>
    public static void Activate<TActivation>(Index1D index, int batch, StridedOperand pre, StridedOperand post)
        where TActivation : struct, IActivation
    {
        var row = (int)index / batch;
        var sample = (int)index % batch;
        post.Set(row, sample, ElementMath<TActivation>.Forward(pre.At(row, sample)));
    }

    /// <summary>result = σ′(pre)·a.</summary>
    public static void DerivativeTimes<TActivation>(Index1D index, int batch, StridedOperand pre, StridedOperand a, StridedOperand result)
        where TActivation : struct, IActivation
    {
        var row = (int)index / batch;
        var sample = (int)index % batch;
        result.Set(row, sample, ElementMath<TActivation>.DerivativeTimes(pre.At(row, sample), a.At(row, sample)));
    }

    /// <summary>Hidden layer of the reverse second-order sweep: δ = σ′(p)·a and s = σ′(p)·e + σ″(p)·u·a.</summary>
    public static void SecondOrder<TActivation>(Index1D index, int batch, StridedOperand pre, StridedOperand tangent,
        StridedOperand adjoint, StridedOperand secondAdjoint, StridedOperand delta, StridedOperand second)
        where TActivation : struct, IActivation
    {
        var row = (int)index / batch;
        var sample = (int)index % batch;
        var p = pre.At(row, sample);
        var a = adjoint.At(row, sample);
        var terms = ElementMath<TActivation>.SecondOrder(p, secondAdjoint.At(row, sample), tangent.At(row, sample), a);
        delta.Set(row, sample, terms.Delta);
        second.Set(row, sample, terms.SecondAdjoint);
    }

    /// <summary>Output layer: dL₂/d(dL₁/dy) = σ′(p)·u (the tangent of y), δ = σ′(p)·b and s = σ″(p)·u·b (+ σ′(p)·ê).</summary>
    public static void OutputSecondOrder<TActivation>(Index1D index, int batch, StridedOperand pre, StridedOperand tangent,
        StridedOperand outputGradient, StridedOperand outputGradientGradient, StridedOperand delta, StridedOperand second, StridedOperand extra)
        where TActivation : struct, IActivation
    {
        var row = (int)index / batch;
        var sample = (int)index % batch;
        var terms = ElementMath<TActivation>.OutputSecondOrder(pre.At(row, sample), tangent.At(row, sample), outputGradient.At(row, sample));
        outputGradientGradient.Set(row, sample, terms.OutputGradientGradient);
        delta.Set(row, sample, terms.Delta);
        var s = terms.SecondAdjoint;
        // An extra first-order term ⟨y, ê⟩ (empty ê: none) joins the second-order adjoint, whose recursion it shares.
        if (extra.Data.Length > 0) s = ElementMath<TActivation>.WithFirstOrderTerm(terms, extra.At(row, sample));
        second.Set(row, sample, s);
    }
}
