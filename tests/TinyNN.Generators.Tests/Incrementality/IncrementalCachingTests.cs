using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>
/// The generator runs on every keystroke in the IDE: an edit that does not change a formula must leave every
/// named step Cached or Unchanged, so no derivative is formed again and no source is re-emitted.
/// </summary>
public sealed class IncrementalCachingTests
{
    // One valid activation and one with a diagnostic, so the model and the diagnostics branches both carry values.
    private const string Declarations = """
        using TinyNN.Activations;

        namespace Users;

        [Activation("Broken")]
        public partial struct Broken
        {
            public static float Forward(float x) => MathF.Atan(x);
        }

        [Activation("Swish")]
        public partial struct Swish
        {
            public const float Beta = 1.5f;

            public static float Forward(float x) => x / (1f + MathF.Exp(-Beta * x));
        }
        """;

    private const string SwishForwardLine = "public static float Forward(float x) => x / (1f + MathF.Exp(-Beta * x));\n";
    private const string BrokenForwardLine = "public static float Forward(float x) => MathF.Atan(x);\n";

    [Fact]
    public void EveryTrackingNameIsExercised()
    {
        // Otherwise a renamed or unreached step would pass the caching tests vacuously.
        var first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations + Duplicate));

        foreach (var name in TrackedSteps.ActivationGeneratorNames)
        {
            Assert.True(first.GeneratorResult.TrackedSteps.TryGetValue(name, out var steps) && steps.Any(s => s.Outputs.Length > 0),
                $"step '{name}' produced nothing");
        }
    }

    [Fact]
    public void SecondRunOnTheSameCompilationIsCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declarations);
        var first = GeneratorHarness.Run(compilation);
        // A clone is a new Compilation object with the same trees: what the IDE hands over when nothing changed.
        var second = GeneratorHarness.Run(compilation.Clone(), first.Driver);

        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Named(second.GeneratorResult));
        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Outputs(second.GeneratorResult));
        AssertSameValues(first.GeneratorResult, second.GeneratorResult);
    }

    [Fact]
    public void CommentAfterForwardLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declarations);
        var first = GeneratorHarness.Run(compilation);
        // After Forward, so the Broken diagnostic's span stays put: an edit above it must move the reported location.
        var edited = Edit(compilation, text => text
            .Replace(SwishForwardLine, SwishForwardLine + "\n    // Swish with a learnable Beta would be a parameter, not a const.\n")
            .Replace(BrokenForwardLine, BrokenForwardLine + "    // TODO: atan has no rule yet.\n"));
        var second = GeneratorHarness.Run(edited, first.Driver);

        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Named(second.GeneratorResult));
        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Outputs(second.GeneratorResult));
        AssertSameValues(first.GeneratorResult, second.GeneratorResult);
    }

    [Fact]
    public void NewUnrelatedFileLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declarations);
        var first = GeneratorHarness.Run(compilation);
        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse(new TestSource("Unrelated.cs", """
            namespace Users;

            public static class Unrelated
            {
                public static float Twice(float x) => 2f * x;
            }
            """)));
        var second = GeneratorHarness.Run(edited, first.Driver);

        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Named(second.GeneratorResult));
        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Outputs(second.GeneratorResult));
        AssertSameValues(first.GeneratorResult, second.GeneratorResult);
    }

    [Fact]
    public void FormulaEditIsNotHiddenByCaching()
    {
        // The converse: caching must not hide a real change.
        var compilation = GeneratorHarness.CreateCompilation(Declarations);
        var first = GeneratorHarness.Run(compilation);
        var edited = Edit(compilation, text => text.Replace("-Beta * x", "-2f * Beta * x"));
        var second = GeneratorHarness.Run(edited, first.Driver);

        var models = second.GeneratorResult.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(models, o => o.Reason == IncrementalStepRunReason.Modified);
        var source = Assert.Single(second.GeneratedSources);
        Assert.Contains("2f * Beta", source.SourceText.ToString());
    }

    private const string Duplicate = """

        [Activation("Swish")]
        public partial struct SwishAgain
        {
            public static float Forward(float x) => x;
        }
        """;

    private static Compilation Edit(Compilation compilation, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var text = tree.GetText().ToString();
        var editedText = edit(text);
        Assert.NotEqual(text, editedText);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, GeneratorHarness.ParseOptions, tree.FilePath));
    }

    /// <summary>Cached must also mean equal: the second run's step values are those of the first.</summary>
    private static void AssertSameValues(GeneratorRunResult first, GeneratorRunResult second)
    {
        foreach (var name in TrackedSteps.Names.Where(first.TrackedSteps.ContainsKey))
        {
            var before = first.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            var after = second.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            Assert.Equal(before, after);
        }
    }
}
