using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>
/// What every TinyNN generator guarantees, run against each of them (one subclass a generator): the generator runs
/// on every keystroke in the IDE, so an edit that changes no declaration leaves every tracked step Cached or
/// Unchanged (nothing is formed again, no source is re-emitted), a real change is not hidden by caching, and the
/// pipeline values are plain data (no Compilation, ISymbol or SyntaxNode, which would pin a compilation per
/// keystroke and break equality).
/// </summary>
public abstract class GeneratorIncrementalityTests
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxToken)];

    /// <summary>
    /// Source0.cs: valid and invalid declarations, the invalid ones first so that <see cref="CommentEdit"/> (below
    /// them) moves no reported location; a diagnostic's location is part of its value, as it must be.
    /// </summary>
    protected abstract string Declarations { get; }

    /// <summary>A source added to <see cref="Declarations"/> so every step carries a value (e.g. a name clash); may be empty.</summary>
    protected virtual string EveryStepSource => "";

    /// <summary>Every tracking name the generator uses.</summary>
    protected abstract IReadOnlyList<string> StepNames { get; }

    /// <summary>The step whose values are the emitted models (the converse test expects a Modified value there).</summary>
    protected abstract string ModelsStep { get; }

    /// <summary>Comments added to and edited in <see cref="Declarations"/>: every step stays Cached or Unchanged.</summary>
    protected abstract Func<string, string> CommentEdit { get; }

    /// <summary>An edit that changes a model, and a text the re-emitted source then holds.</summary>
    protected abstract (Func<string, string> Edit, string Emitted) ModelEdit { get; }

    /// <summary>How many objects the model walk must at least visit (so a walk over empty steps cannot pass).</summary>
    protected abstract int MinimumModelObjects { get; }

    /// <summary>A compilation of <paramref name="source"/> (named Source0.cs) against what the generator's users compile against.</summary>
    protected abstract Compilation CreateCompilation(string source);

    /// <summary>A step-tracking driver with only the generator under test.</summary>
    protected abstract GeneratorDriver CreateDriver();

    [Fact]
    public void EveryTrackingNameIsExercised()
    {
        // Otherwise a renamed or unreached step would pass the caching tests vacuously.
        var run = Run(CreateCompilation(Declarations + EveryStepSource));

        foreach (var name in StepNames)
        {
            Assert.True(run.GeneratorResult.TrackedSteps.TryGetValue(name, out var steps) && steps.Any(s => s.Outputs.Length > 0),
                $"step '{name}' produced nothing");
        }
        // A new step must be listed above, so the caching tests below see it carry values.
        var unlisted = TrackedSteps.Names.Where(run.GeneratorResult.TrackedSteps.ContainsKey).Except(StepNames).ToList();
        Assert.True(unlisted.Count == 0, $"steps not listed in {GetType().Name}.{nameof(StepNames)}: {string.Join(", ", unlisted)}");
    }

    [Fact]
    public void SecondRunOnTheSameCompilationIsCached()
    {
        var compilation = CreateCompilation(Declarations);
        var first = Run(compilation);
        // A clone is a new Compilation object with the same trees: what the IDE hands over when nothing changed.
        var second = Run(compilation.Clone(), first.Driver);

        AssertCachedWithSameValues(first, second);
    }

    [Fact]
    public void CommentEditLeavesEveryStepCached()
    {
        var compilation = CreateCompilation(Declarations);
        var first = Run(compilation);
        var second = Run(Edit(compilation, CommentEdit), first.Driver);

        AssertCachedWithSameValues(first, second);
    }

    [Fact]
    public void NewUnrelatedFileLeavesEveryStepCached()
    {
        var compilation = CreateCompilation(Declarations);
        var first = Run(compilation);
        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse(new TestSource("Unrelated.cs", """
            namespace Users;

            public static class Unrelated
            {
                public static float Twice(float x) => 2f * x;
            }
            """)));
        var second = Run(edited, first.Driver);

        AssertCachedWithSameValues(first, second);
    }

    [Fact]
    public void DeclarationEditIsNotHiddenByCaching()
    {
        // The converse: caching must not hide a real change.
        var compilation = CreateCompilation(Declarations);
        var first = Run(compilation);
        var (edit, emitted) = ModelEdit;
        var second = Run(Edit(compilation, edit), first.Driver);

        var models = second.GeneratorResult.TrackedSteps[ModelsStep].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(models, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.DoesNotContain(first.GeneratedSources, s => s.SourceText.ToString().Contains(emitted));
        Assert.Contains(second.GeneratedSources, s => s.SourceText.ToString().Contains(emitted));
    }

    [Fact]
    public void NoRoslynObjectIsReachableFromAnyTrackedStep()
    {
        var run = Run(CreateCompilation(Declarations + EveryStepSource));

        var visited = 0;
        foreach (var (name, step) in TrackedSteps.Named(run.GeneratorResult))
        {
            foreach (var (value, _) in step.Outputs)
            {
                Walk(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
            }
        }
        Assert.True(visited >= MinimumModelObjects, $"only {visited} objects walked: the steps carried less than expected");
    }

    private GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null) =>
        GeneratorHarness.Run(compilation, driver ?? CreateDriver());

    private static Compilation Edit(Compilation compilation, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var text = tree.GetText().ToString();
        var editedText = edit(text);
        Assert.NotEqual(text, editedText);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, (CSharpParseOptions)tree.Options, tree.FilePath));
    }

    /// <summary>Every named and output step Cached or Unchanged, and cached meaning equal: the values of the first run.</summary>
    private void AssertCachedWithSameValues(GeneratorRun first, GeneratorRun second)
    {
        Assert.Null(second.GeneratorResult.Exception);
        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Named(second.GeneratorResult));
        TrackedSteps.AssertAllCachedOrUnchanged(TrackedSteps.Outputs(second.GeneratorResult));
        foreach (var name in StepNames)
        {
            Assert.Equal(Values(first, name), Values(second, name));
        }
    }

    private static List<object> Values(GeneratorRun run, string name) =>
        run.GeneratorResult.TrackedSteps.TryGetValue(name, out var steps) ? [.. steps.SelectMany(s => s.Outputs).Select(o => o.Value)] : [];

    private static void Walk(object? value, string path, HashSet<object> seen, ref int visited)
    {
        if (value is null) return;
        var type = value.GetType();
        var leak = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(leak is null, $"{path} holds a {type.Name} ({leak?.Name})");
        if (type.IsPrimitive || type.IsEnum || value is string or decimal) return;
        if (!type.IsValueType && !seen.Add(value)) return;
        visited++;

        if (value is IEnumerable sequence and not string)
        {
            var index = 0;
            foreach (var item in sequence) Walk(item, $"{path}[{index++}]", seen, ref visited);
        }
        // Fields, not properties: they are what the object holds (record properties and tuple items included).
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || typeof(Delegate).IsAssignableFrom(field.FieldType)) continue;
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen, ref visited);
            }
        }
    }
}
