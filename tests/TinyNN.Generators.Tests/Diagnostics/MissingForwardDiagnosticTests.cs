using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0006: an [Activation] without a Forward formula has nothing to differentiate.</summary>
public sealed class MissingForwardDiagnosticTests
{
    [Fact]
    public void StructWithoutForwardIsReportedOnItsName()
    {
        var source = """
            using TinyNN.Activations;

            [Activation("Empty")]
            public partial struct Empty
            {
                public static float Derivative(float x) => 1f;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0006", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Empty", after: "struct ");
        DiagnosticAssert.MessageNames(diagnostic, "'Empty'", "public static float Forward(float x)");
    }

    [Fact]
    public void InvalidForwardIsReportedAsTheSignatureNotAsMissing()
    {
        // One diagnostic that says what is wrong beats two where the second ("no Forward") misleads.
        var source = """
            using TinyNN.Activations;

            [Activation("Wrong")]
            public partial struct Wrong
            {
                public static double Forward(double x) => x;
            }
            """;
        DiagnosticAssert.Single("TNN0002", source);
    }
}
