using TinyNN.Activations;
using TinyNN.Networks;
using static TinyNN.Tests.FiniteDifferences;

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
        AssertGradient(dx, i => Central(x, i, h => L1(h, reference.Parameters)), "dL1/dx");
        AssertGradient(gradient, i => Central(reference.Parameters, i, ps => L1(x, ps)), "dL1/dW");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardBackwardMatchesFiniteDifferencesOfTheBackward(string hidden, string output, int layers)
    {
        var (layout, reference, x, b, g0) = Problem.Create(hidden, output, layers, width: 5, inputs: 3, outputs: 2, seed: 10 + layers);
        var gradient = new double[layout.ParameterCount];
        var (dx, db) = reference.BackwardBackward(x, b, g0, gradient);
        double L2(double[] xs, double[] ps, double[] bs) =>
            Dot(new MlpReference(layout, Get(hidden), Get(output), ps).Backward(xs, bs, new double[layout.ParameterCount]), g0);
        AssertGradient(dx, i => Central(x, i, h => L2(h, reference.Parameters, b)), "dL2/dx");
        AssertGradient(db, i => Central(b, i, bs => L2(x, reference.Parameters, bs)), "dL2/db");
        AssertGradient(gradient, i => Central(reference.Parameters, i, ps => L2(x, ps, b)), "dL2/dW");
    }

    private static ActivationInfo Get(string name) => ActivationRegistry.Get(name);
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
