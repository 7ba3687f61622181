using Microsoft.CodeAnalysis;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Snapshots;

/// <summary>
/// The generated source of every built-in activation, approved line by line: a change to the generator shows up
/// as a reviewable diff of the code kernels will run. Approve an intended change by renaming the
/// <c>.received.cs</c> file the failure names to <c>.approved.cs</c>.
/// </summary>
public sealed class BuiltInSnapshotTests
{
    public static TheoryData<string> BuiltIns => new(GeneratorHarness.BuiltInNames());

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void GeneratedSource(string activation)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.BuiltIn(activation));

        Assert.Null(run.GeneratorResult.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        var generated = Assert.Single(run.TypeSources);
        Assert.Equal($"TinyNN.Activations.{activation}.Activation.g.cs", generated.HintName);
        Snapshot.Verify(generated.SourceText.ToString(), activation);

        // Compiled alone, a built-in can only miss its siblings (a cref in Sine's docs names Siren), so here the
        // generated file must be clean and nothing may fail; the test below compiles them all together.
        Assert.Empty(run.OutputErrors);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true));
    }

    [Fact]
    public void AllBuiltInsTogetherCompileWithoutErrorsOrWarnings()
    {
        // The shape of the real TinyNN.Activations build (documented, warnings as errors there).
        var run = GeneratorHarness.Run(GeneratorHarness.BuiltInNames().Select(GeneratorHarness.BuiltIn).ToArray());

        Assert.Null(run.GeneratorResult.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(GeneratorHarness.BuiltInNames().Count, run.TypeSources.Length);
        Assert.NotNull(run.RegistrationSource);
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }

    [Fact]
    public void EveryApprovedSnapshotBelongsToABuiltIn()
    {
        // A removed or renamed activation must take its snapshot with it, or the folder fills with stale code.
        var prefix = $"{nameof(BuiltInSnapshotTests)}.{nameof(GeneratedSource)}.";
        var approved = Directory.GetFiles(Snapshot.DirectoryOf(), prefix + "*.approved.cs")
            .Select(path => Path.GetFileName(path)[prefix.Length..^".approved.cs".Length])
            .Order(StringComparer.Ordinal);

        Assert.Equal(GeneratorHarness.BuiltInNames(), approved);
    }
}
