using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0004: configs select activations by name, so two declarations may not share one.</summary>
public sealed class DuplicateNameDiagnosticTests
{
    [Fact]
    public void SecondDeclarationOfANameIsReportedOnItsAttribute()
    {
        var source = """
            using TinyNN.Activations;

            namespace Users;

            [Activation("Same")]
            public partial struct Alpha
            {
                public static float Forward(float x) => x;
            }

            [Activation("Same")]
            public partial struct Beta
            {
                public static float Forward(float x) => -x;
            }
            """;
        var run = GeneratorHarness.Run(source);

        Assert.Null(run.GeneratorResult.Exception);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("TNN0004", diagnostic.Id);
        // Both are valid declarations: each still gets its code, only the name clash is an error.
        Assert.Equal(2, run.TypeSources.Length);
        // "Second" is by metadata name (Users.Beta after Users.Alpha), so the report does not depend on file order.
        DiagnosticAssert.Squiggles(diagnostic, source, "Activation(\"Same\")", after: "struct Alpha");
        DiagnosticAssert.MessageNames(diagnostic, "'Same'", "'Users.Alpha'", "'Users.Beta'");
    }

    [Fact]
    public void DistinctNamesAreNotReported()
    {
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            [Activation("One")]
            public partial struct One { public static float Forward(float x) => x; }

            [Activation("Two")]
            public partial struct Two { public static float Forward(float x) => x; }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void AttributeRepeatedOnAPartialPartIsOneDeclaration()
    {
        // The compiler reports the repeat (CS0579); the type must not be emitted twice or called its own duplicate.
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            [Activation("Twice")]
            public partial struct Twice { public static float Forward(float x) => x; }

            [Activation("Twice")]
            public partial struct Twice { }
            """);

        Assert.Null(run.GeneratorResult.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.TypeSources);
        Assert.Equal(["CS0579"], run.OutputErrors.Select(d => d.Id));
    }
}
