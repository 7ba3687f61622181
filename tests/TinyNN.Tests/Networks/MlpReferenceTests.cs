using TinyNN.Activations;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The float64 reference against central finite differences of its own lower-order passes: backward against
/// FD of L₁ = ⟨y, b⟩, backward-backward against FD of L₂ = ⟨dL₁/dx, g₀⟩. Smooth activations only (FD across a
/// ReLU kink is meaningless); h = 1e-6 gives FD errors near 1e-8 relative, so 1e-6 is the tolerance.
/// </summary>
public sealed class MlpReferenceTests
{
    public static TheoryData<string, string, int> Cases => new()
    {
        { "Softplus", "None", 1 }, { "Tanh", "Sigmoid", 2 }, { "Sine", "Softplus", 3 }, { "SiLU", "Tanh", 2 }, { "Sigmoid", "SiLU", 1 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferencesOfTheForward(string hidden, string output, int layers)
    {
        var (layout, reference, x, b, _) = Problem.Create(hidden, output, layers, width: 5, inputs: 3, outputs: 2, seed: layers);
        var gradient = new double[layout.ParameterCount];
        var dx = reference.Backward(x, b, gradient);
        double L1(double[] xs, double[] ps) => Dot(new MlpReference(layout, Get(hidden), Get(output), ps).Forward(xs), b);
        AssertGradient(dx, i => Perturbed(x, i, h => L1(h, reference.Parameters)), "dL1/dx");
        AssertGradient(gradient, i => Perturbed(reference.Parameters, i, ps => L1(x, ps)), "dL1/dW");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardBackwardMatchesFiniteDifferencesOfTheBackward(string hidden, string output, int layers)
    {
        var (layout, reference, x, b, g0) = Problem.Create(hidden, output, layers, width: 5, inputs: 3, outputs: 2, seed: 10 + layers);
        var gradient = new double[layout.ParameterCount];
        var (dx, db) = reference.BackwardBackward(x, b, g0, gradient);
        double L2(double[] xs, double[] ps, double[] bs) =>
            Dot(new MlpReference(layout, Get(hidden), Get(output), ps).Backward(xs, bs, new double[layout.ParameterCount]), g0);
        AssertGradient(dx, i => Perturbed(x, i, h => L2(h, reference.Parameters, b)), "dL2/dx");
        AssertGradient(db, i => Perturbed(b, i, bs => L2(x, reference.Parameters, bs)), "dL2/db");
        AssertGradient(gradient, i => Perturbed(reference.Parameters, i, ps => L2(x, ps, b)), "dL2/dW");
    }

    private static ActivationInfo Get(string name) => ActivationRegistry.Get(name);

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    /// <summary>Central difference of <paramref name="f"/> along coordinate i of <paramref name="point"/>.</summary>
    private static double Perturbed(double[] point, int i, Func<double[], double> f)
    {
        const double h = 1e-6;
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }

    private static void AssertGradient(double[] analytic, Func<int, double> finiteDifference, string what)
    {
        var scale = Math.Max(1e-3, analytic.Max(Math.Abs));
        for (var i = 0; i < analytic.Length; i++)
        {
            var fd = finiteDifference(i);
            Assert.True(Math.Abs(analytic[i] - fd) <= 1e-6 * scale, $"{what}[{i}]: analytic {analytic[i]:R}, finite difference {fd:R}");
        }
    }
}

/// <summary>A random problem: layout, float64 reference with tcnn-style initial weights, input, dL/dy and g₀.</summary>
internal static class Problem
{
    public static (MlpLayout Layout, MlpReference Reference, double[] X, double[] B, double[] G0) Create(
        string hidden, string output, int layers, int width, int inputs, int outputs, int seed)
    {
        var layout = new MlpLayout(inputs, width, layers, outputs);
        var random = new Random(seed);
        var parameters = MlpInitialization.Create(layout, siren: false, seed).Select(p => (double)p * 3).ToArray();
        double[] Vector(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (layout, new MlpReference(layout, ActivationRegistry.Get(hidden), ActivationRegistry.Get(output), parameters),
            Vector(inputs), Vector(outputs), Vector(inputs));
    }
}
