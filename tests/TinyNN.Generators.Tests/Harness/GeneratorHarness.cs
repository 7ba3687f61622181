using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TinyNN.Generators.Activations;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>A test source: the path matters because diagnostics report it and snapshots name files by it.</summary>
internal sealed record TestSource(string Path, string Text);

/// <summary>One generator run: what it emitted, what it reported, and whether the result compiles.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult GeneratorResult => Result.Results.Single();

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => GeneratorResult.GeneratedSources;

    /// <summary>The per-type sources (one a valid declaration), without the compilation's registration file.</summary>
    public ImmutableArray<GeneratedSourceResult> TypeSources =>
        [.. GeneratedSources.Where(s => s.HintName != ActivationGenerator.RegistrationHintName)];

    /// <summary>The module initializer that registers the compilation's activations (null when none is valid).</summary>
    public GeneratedSourceResult? RegistrationSource =>
        GeneratedSources.Where(s => s.HintName == ActivationGenerator.RegistrationHintName).Cast<GeneratedSourceResult?>().SingleOrDefault();

    // Binding every method body is the slow part of a run: only the tests that look at it pay for it.
    private readonly Lazy<ImmutableArray<Diagnostic>> outputDiagnostics = new(() =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray());

    /// <summary>Diagnostics of the compilation with the generated sources added (errors and warnings).</summary>
    public ImmutableArray<Diagnostic> OutputDiagnostics => outputDiagnostics.Value;

    public IEnumerable<Diagnostic> OutputErrors => OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Runs <see cref="ActivationGenerator"/> the way the compiler does, over test sources plus the real
/// TinyNN.Activations framework sources (attribute, interface, ActivationMath), so generated code is checked
/// against the declarations it must satisfy rather than a copy of them.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true);

    // Mirrors the SDK's implicit usings, which the framework sources and the built-ins rely on (MathF, Attribute).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly string[][] FrameworkFiles =
    [
        ["ActivationAttribute.cs"], ["IActivation.cs"], ["ActivationMath.cs"],
        ["Registration", "DeclaredActivation.cs"], ["Registration", "DeclaredActivations.cs"], ["Registration", "IActivationVisitor.cs"],
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<SyntaxTree>> FrameworkTrees = new(() =>
    [
        Parse(new TestSource("ImplicitUsings.g.cs", ImplicitUsings)),
        .. FrameworkFiles.Select(file => Parse(ReadRepositoryFile(["src", "Activations", .. file]))),
    ]);

    /// <summary>The repository root (the folder holding TinyNN.sln), found from the test binaries upwards.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string BuiltInDirectory => Path.Combine(RepositoryRoot, "src", "Activations", "BuiltIn");

    /// <summary>The built-in activation files by name (Softplus for Softplus.cs), sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames() =>
        Directory.GetFiles(BuiltInDirectory, "*.cs").Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal).ToList();

    public static TestSource BuiltIn(string name) => ReadRepositoryFile("src", "Activations", "BuiltIn", name + ".cs");

    public static TestSource ReadRepositoryFile(params string[] relativePath)
    {
        var path = Path.Combine([RepositoryRoot, .. relativePath]);
        // A repository-relative path keeps diagnostic locations independent of where the clone lives.
        return new TestSource(string.Join('/', relativePath), File.ReadAllText(path));
    }

    public static SyntaxTree Parse(TestSource source) =>
        CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path);

    /// <summary>A compilation of the framework sources plus <paramref name="sources"/> (named Source0.cs, Source1.cs...).</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CreateCompilation(sources.Select((text, i) => new TestSource($"Source{i}.cs", text)).ToArray());

    public static CSharpCompilation CreateCompilation(params TestSource[] sources) =>
        CSharpCompilation.Create("TinyNN.Generators.Tests.Input",
            [.. FrameworkTrees.Value, .. sources.Select(Parse)],
            References.Value,
            CompilationOptions);

    /// <summary>A driver with step tracking on, so incrementality tests can read each step's run reason.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new ActivationGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(params TestSource[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The shared framework's own assemblies: what a net10.0 project compiles against, minus test-only packages.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(path => Path.GetDirectoryName(path) == frameworkDirectory)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TinyNN.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No TinyNN.sln above {AppContext.BaseDirectory}; the tests read the real sources from the repository.");
    }
}
