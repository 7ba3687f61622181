using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0003: the generator completes the declared struct, so it must be a top-level partial one.</summary>
public sealed class TypeNotPartialDiagnosticTests
{
    [Fact]
    public void NonPartialStructIsReportedOnItsName()
    {
        var source = """
            using TinyNN.Activations;

            [Activation("Plain")]
            public struct Plain
            {
                public static float Forward(float x) => x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0003", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Plain", after: "struct ");
        DiagnosticAssert.MessageNames(diagnostic, "'Plain'", "add the 'partial' modifier");
    }

    [Fact]
    public void NestedStructIsReportedWithItsContainingType()
    {
        // A generated part would have to repeat every containing declaration; top-level keeps emission simple.
        var source = """
            using TinyNN.Activations;

            public static partial class Container
            {
                [Activation("Inner")]
                public partial struct Inner
                {
                    public static float Forward(float x) => x;
                }
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0003", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Inner", after: "struct ");
        DiagnosticAssert.MessageNames(diagnostic, "'Inner'", "nested in 'Container'");
    }

    [Fact]
    public void GenericStructIsReported()
    {
        // The emitted part has no type parameters: it would complete a different (non-generic) type.
        var source = """
            using TinyNN.Activations;

            [Activation("Generic")]
            public partial struct Generic<T>
            {
                public static float Forward(float x) => x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0003", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Generic", after: "struct ");
        DiagnosticAssert.MessageNames(diagnostic, "'Generic'", "generic activations are not supported");
    }

    [Fact]
    public void RecordStructIsReported()
    {
        // The emitted part is a plain struct; mixed with a record struct part the compiler rejects both (CS0261).
        var source = """
            using TinyNN.Activations;

            [Activation("Recorded")]
            public partial record struct Recorded
            {
                public static float Forward(float x) => x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0003", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Recorded", after: "struct ");
        DiagnosticAssert.MessageNames(diagnostic, "'Recorded'", "not 'record struct'");
    }
}
