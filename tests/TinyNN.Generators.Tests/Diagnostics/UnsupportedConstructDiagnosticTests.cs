using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0001: a formula uses something outside the formula language; the squiggle sits on that thing.</summary>
public sealed class UnsupportedConstructDiagnosticTests
{
    private static string Declaration(string body) => $$"""
        using TinyNN.Activations;

        namespace Users;

        [Activation("Custom")]
        public partial struct Custom
        {
            public static float Forward(float x) => {{body}};
        }
        """;

    [Fact]
    public void MathFunctionWithoutARuleIsReportedOnTheCall()
    {
        // Atan has no derivative rule, so it must be refused rather than emitted underived.
        var source = Declaration("x + MathF.Atan(x)");
        var diagnostic = DiagnosticAssert.Single("TNN0001", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "MathF.Atan(x)");
        DiagnosticAssert.MessageNames(diagnostic, "'MathF.Atan(x)'", "'Custom'", "MathF.Exp/Log");
    }

    [Fact]
    public void CastOfADoubleMathCallIsReportedOnTheCast()
    {
        // (float)Math.Sin(x) computes in float64 on the GPU: slow, and not what the IR would emit.
        var source = Declaration("2f * (float)Math.Sin(x)");
        var diagnostic = DiagnosticAssert.Single("TNN0001", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "(float)Math.Sin(x)");
        DiagnosticAssert.MessageNames(diagnostic, "'(float)Math.Sin(x)'", "'Custom'");
    }

    [Fact]
    public void DoubleLiteralIsReportedOnTheLiteralWithTheFix()
    {
        // This compiles (the comparison widens x to double) but would make float64 code under ILGPU.
        var source = Declaration("x > 0.5 ? x : 0.25f * x");
        var diagnostic = DiagnosticAssert.Single("TNN0001", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "0.5");
        DiagnosticAssert.MessageNames(diagnostic, "'0.5'", "'Custom'", "'f' suffix");
    }

    [Fact]
    public void CallOfAnotherMethodIsReportedOnTheCall()
    {
        // The generator differentiates only what it can read: a helper method's body is out of its sight.
        var source = """
            using TinyNN.Activations;

            [Activation("Scaled")]
            public partial struct Scaled
            {
                public static float Forward(float x) => MathF.Max(x, 0f) - Scale(x);

                public static float Scale(float x) => x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0001", source);
        DiagnosticAssert.Squiggles(diagnostic, source, "Scale(x)");
        DiagnosticAssert.MessageNames(diagnostic, "'Scale(x)'", "'Scaled'");
    }
}
