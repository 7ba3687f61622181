using TinyNN.Activations;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The one copy of the elementwise math every MLP path calls, against the activations' float64 forms: σ(p), σ′(p)·v,
/// r = σ″(p)·u·a, a hidden layer's δ and s = σ′(p)·e + r, and the output layer's terms with and without a folded ê.
/// </summary>
public sealed class ElementMathTests
{
    private static readonly float[] Points = [-3.5f, -1f, -0.25f, 0f, 0.3f, 1.7f, 4f];

    private static void Close(double expected, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 2e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual} against {expected}");

    private static void Check<T>() where T : struct, IActivation
    {
        const float e = 0.7f, u = -1.3f, a = 0.45f, b = 2.1f, extra = -0.8f;
        foreach (var p in Points)
        {
            double d = T.Derivative((double)p), s = T.SecondDerivative((double)p);
            Close(T.Forward((double)p), ElementMath<T>.Forward(p), $"{T.Name} σ({p})");
            Close(d * u, ElementMath<T>.DerivativeTimes(p, u), $"{T.Name} σ′({p})·u");
            Close(s * u * a, ElementMath<T>.Curvature(p, u, a), $"{T.Name} r({p})");
            var hidden = ElementMath<T>.SecondOrder(p, e, u, a);
            Close(d * a, hidden.Delta, $"{T.Name} δ({p})");
            Close(d * e + s * u * a, hidden.SecondAdjoint, $"{T.Name} s({p})");
            Assert.Equal(hidden.SecondAdjoint, ElementMath<T>.SecondAdjoint(p, e, u, a));
            var output = ElementMath<T>.OutputSecondOrder(p, u, b);
            Close(d * u, output.OutputGradientGradient, $"{T.Name} output σ′·u({p})");
            Close(d * b, output.Delta, $"{T.Name} output δ({p})");
            Close(s * u * b, output.SecondAdjoint, $"{T.Name} output s({p})");
            Close(s * u * b + d * extra, ElementMath<T>.WithFirstOrderTerm(output, extra), $"{T.Name} output s + σ′·ê({p})");
        }
    }

    [Fact]
    public void SoftplusTermsMatchFloat64() => Check<Softplus>();

    [Fact]
    public void SineTermsMatchFloat64() => Check<Sine>();

    [Fact]
    public void SigmoidTermsMatchFloat64() => Check<Sigmoid>();

    [Fact]
    public void ReLUTermsMatchFloat64() => Check<ReLU>();
}
