using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TinyNN.Generators.Networks;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Networks;

/// <summary>
/// Runs the network generators ([FusedNetwork], [FusedVector]) over test sources compiled against the real
/// TinyNN.Runtime, TinyNN.Activations and ILGPU assemblies, so the generated kernels must bind to the actual API.
/// </summary>
internal static class NetworkGeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return
        [
            .. trusted.Where(path => Path.GetDirectoryName(path) == frameworkDirectory).Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(TinyNN.Networks.MlpViews).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(TinyNN.Activations.IActivation).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ILGPU.Index1D).Assembly.Location),
        ];
    });

    private const string Usings = """
        global using System;
        global using System.Linq;
        """;

    /// <summary>A compilation of <paramref name="sources"/> (named Source0.cs, Source1.cs...) against the real assemblies.</summary>
    public static Compilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create("TinyNN.Generators.Tests.Networks",
            [GeneratorHarness.Parse(new TestSource("Usings.g.cs", Usings)), .. sources.Select((text, i) => GeneratorHarness.Parse(new TestSource($"Source{i}.cs", text)))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A step-tracking driver running <paramref name="generators"/>.</summary>
    public static GeneratorDriver CreateDriver(params IIncrementalGenerator[] generators) =>
        CSharpGeneratorDriver.Create(
            [.. generators.Select(g => g.AsSourceGenerator())],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The three network generators (results in this order: networks, vectors, blocks) over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) =>
        GeneratorHarness.Run(CreateCompilation(sources),
            CreateDriver(new FusedNetworkGenerator(), new FusedVectorGenerator(), new FusedBlockGenerator()));
}
