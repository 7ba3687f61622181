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

    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("TinyNN.Generators.Tests.Networks",
            [GeneratorHarness.Parse(new TestSource("Usings.g.cs", Usings)), .. sources.Select((text, i) => GeneratorHarness.Parse(new TestSource($"Source{i}.cs", text)))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new FusedNetworkGenerator().AsSourceGenerator(), new FusedVectorGenerator().AsSourceGenerator(), new FusedBlockGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }
}
