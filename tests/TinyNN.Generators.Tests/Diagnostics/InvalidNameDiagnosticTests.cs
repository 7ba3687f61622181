using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>TNN0007: names are what configs write, so they are identifiers (letters, digits, '_').</summary>
public sealed class InvalidNameDiagnosticTests
{
    [Theory]
    [InlineData("")]
    [InlineData("bad name!")]
    [InlineData("Soft-plus")]
    public void InvalidNameIsReportedOnTheAttribute(string name)
    {
        var source = $$"""
            using TinyNN.Activations;

            [Activation("{{name}}")]
            public partial struct Named
            {
                public static float Forward(float x) => x;
            }
            """;
        var diagnostic = DiagnosticAssert.Single("TNN0007", source);
        DiagnosticAssert.Squiggles(diagnostic, source, $"Activation(\"{name}\")");
        DiagnosticAssert.MessageNames(diagnostic, $"'{name}'", "'Named'");
    }

    [Fact]
    public void LettersDigitsAndUnderscoreAreAccepted()
    {
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            [Activation("Leaky_ReLU2")]
            public partial struct Named { public static float Forward(float x) => x; }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
    }
}
