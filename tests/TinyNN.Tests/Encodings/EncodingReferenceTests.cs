using TinyNN.Encodings;
using static TinyNN.Tests.FiniteDifferences;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// The float64 references against central finite differences of their own lower-order passes: Jᵀb against FD of
/// L₁ = ⟨y, b⟩ in x; dL₂/dx and dL₂/d(dL₁/dy) = J·g against FD of L₂ = ⟨Jᵀb, g⟩ in x and in b. With h = 1e-6 the FD
/// error is near 1e-8 relative for these smooth functions (the triangle waves sampled away from their kinks), so
/// 1e-6 relative to the largest component is the tolerance.
/// </summary>
public sealed class EncodingReferenceTests
{
    public static TheoryData<string> Cases() => EncodingCases.Names();

    [Theory, MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferencesOfTheForward(string name)
    {
        var (reference, x, b, _) = Problem(name, seed: 3);
        AssertGradient(reference.Backward(x, b), i => Central(x, i, xs => Dot(reference.Forward(xs), b)), "dL1/dx");
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardBackwardMatchesFiniteDifferencesOfTheBackward(string name)
    {
        var (reference, x, b, g) = Problem(name, seed: 4);
        var (inputGradient, outputGradientGradient) = reference.BackwardBackward(x, b, g);
        AssertGradient(inputGradient, i => Central(x, i, xs => Dot(reference.Backward(xs, b), g)), "dL2/dx");
        AssertGradient(outputGradientGradient, j => Central(b, j, bs => Dot(reference.Backward(x, bs), g)), "dL2/d(dL1/dy)");
    }

    private static (EncodingReference Reference, double[] X, double[] B, double[] G) Problem(string name, int seed)
    {
        var c = EncodingCases.Get(name);
        var reference = c.Reference();
        var random = new Random(seed);
        double[] Vector(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
        return (reference, c.Sample(random), Vector(reference.OutputWidth), Vector(reference.InputWidth));
    }
}
