using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0005: the formula parses but has no derivative the generator can form.</summary>
public sealed class DerivativeUnavailableDiagnosticTests
{
    [Fact]
    public void PowerWithAVariableExponentIsReportedOnTheFormula()
    {
        var source = """
            using TinyNN.Activations;

            [Activation("SelfPower")]
            public partial struct SelfPower
            {
                public static float Forward(float x) => MathF.Pow(x, x);
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0005", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "MathF.Pow(x, x)");
        // The message says how to write it instead.
        DiagnosticAssert.MessageNames(diagnostic, "'MathF.Pow(x, x)'", "'SelfPower'", "constant exponent", "MathF.Exp(y * MathF.Log(x))");
    }
}
