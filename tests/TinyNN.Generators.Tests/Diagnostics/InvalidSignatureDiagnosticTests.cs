using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0002: Forward/Derivative/SecondDerivative must be <c>public static float M(float x) =&gt; ...</c>.</summary>
public sealed class InvalidSignatureDiagnosticTests
{
    private static string Declaration(string forward) => $$"""
        using TinyNN.Activations;

        [Activation("Custom")]
        public partial struct Custom
        {
            {{forward}}
        }
        """;

    [Fact]
    public void InstanceForwardIsReportedOnTheMethodName()
    {
        // Kernels call activations through static abstract members, so an instance method cannot serve.
        var source = Declaration("public float Forward(float x) => x;");
        var diagnostic = DiagnosticAssert.Single("TNN0002", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Forward");
        DiagnosticAssert.MessageNames(diagnostic, "'Custom.Forward'", "public static float Forward(float x)", "(got 'public float Forward(float x)')");
    }

    [Fact]
    public void DoubleParameterIsReported()
    {
        var source = Declaration("public static float Forward(double x) => (float)x;");
        var diagnostic = DiagnosticAssert.Single("TNN0002", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Forward");
        DiagnosticAssert.MessageNames(diagnostic, "got 'public static float Forward(double x)'");
    }

    [Fact]
    public void BlockBodiedForwardIsReported()
    {
        // A formula is one expression; statements would need a data-flow analysis the generator does not have.
        var source = Declaration("public static float Forward(float x) { return x; }");
        var diagnostic = DiagnosticAssert.Single("TNN0002", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Forward");
        DiagnosticAssert.MessageNames(diagnostic, "'Custom.Forward'", "=> ...");
    }

    [Fact]
    public void InvalidDerivativeIsReportedAlthoughForwardIsValid()
    {
        var source = """
            using TinyNN.Activations;

            [Activation("Custom")]
            public partial struct Custom
            {
                public static float Forward(float x) => x * x;

                internal static float Derivative(float x) => 2f * x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0002", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Derivative");
        DiagnosticAssert.MessageNames(diagnostic, "'Custom.Derivative'", "got 'internal static float Derivative(float x)'");
    }
}
