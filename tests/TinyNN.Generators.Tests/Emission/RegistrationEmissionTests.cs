using Microsoft.CodeAnalysis;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Emission;

/// <summary>
/// The registration file: one module initializer a compilation that adds every valid [Activation] to
/// DeclaredActivations, so a config may name a declared activation with no registration call.
/// </summary>
public sealed class RegistrationEmissionTests
{
    [Fact]
    public void BuiltInsAreRegisteredInTheirDeclaredOrder()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.BuiltInNames().Select(GeneratorHarness.BuiltIn).ToArray());

        var registration = Assert.IsType<GeneratedSourceResult>(run.RegistrationSource);
        Snapshot.Verify(registration.SourceText.ToString(), "BuiltIns");
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }

    [Fact]
    public void ValidDeclarationsAreRegisteredAndInvalidOnesAreNot()
    {
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            namespace Users;

            [Activation("Zeta")]
            public partial struct Zeta { public static float Forward(float x) => x; }

            [Activation("Broken")]
            public partial struct Broken { public static float Forward(float x) => MathF.Atan(x); }

            [Activation("Early", Order = 3)]
            internal partial struct Early { public static float Forward(float x) => -x; }

            [Activation("Alpha")]
            public partial struct Alpha { public static float Forward(float x) => 2f * x; }
            """);

        var text = Assert.IsType<GeneratedSourceResult>(run.RegistrationSource).SourceText.ToString();
        var calls = text.Split('\n').Where(line => line.Contains("DeclaredActivations.Add(")).Select(line => line.Trim()).ToList();
        // An explicit Order first; the others keep the attribute's default (no argument), by type name.
        Assert.Equal(
        [
            "global::TinyNN.Activations.DeclaredActivations.Add(new global::TinyNN.Activations.DeclaredActivation<global::Users.Early>(order: 3));",
            "global::TinyNN.Activations.DeclaredActivations.Add(new global::TinyNN.Activations.DeclaredActivation<global::Users.Alpha>());",
            "global::TinyNN.Activations.DeclaredActivations.Add(new global::TinyNN.Activations.DeclaredActivation<global::Users.Zeta>());",
        ], calls);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", text);
        // Broken's TNN0001 is the only error: the initializer itself compiles (accessible, static, parameterless).
        Assert.DoesNotContain(run.OutputErrors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
    }

    [Fact]
    public void ACompilationWithoutValidDeclarationsGetsNoRegistrationFile()
    {
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            [Activation("Broken")]
            public partial struct Broken { public static float Forward(float x) => MathF.Atan(x); }
            """);

        Assert.Null(run.RegistrationSource);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void TheRegistrationFollowsTheRenamedType()
    {
        // The list is rebuilt from the models: a renamed struct is registered under its new name, the old one is gone.
        var compilation = GeneratorHarness.CreateCompilation("""
            using TinyNN.Activations;

            [Activation("Cube")]
            public partial struct Cube { public static float Forward(float x) => x * x * x; }
            """);
        var first = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var renamed = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(new TestSource("Source0.cs", tree.ToString().Replace("struct Cube", "struct Cubic"))));
        var second = GeneratorHarness.Run(renamed, first.Driver);

        var text = Assert.IsType<GeneratedSourceResult>(second.RegistrationSource).SourceText.ToString();
        Assert.Contains("DeclaredActivation<global::Cubic>", text);
        Assert.DoesNotContain("DeclaredActivation<global::Cube>", text);
    }
}
