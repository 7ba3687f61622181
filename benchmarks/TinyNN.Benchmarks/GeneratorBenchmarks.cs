using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TinyNN.Generators.Activations;

namespace TinyNN.Benchmarks;

/// <summary>
/// The activation generator over every built-in declaration: a cold run (what a fresh build pays) and a
/// warm re-run after a comment edit (what each keystroke in an IDE pays: everything should come from cache).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation compilation = null!;
    private CSharpCompilation editedCompilation = null!;
    private GeneratorDriver warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot.Find();
        var sources = Directory.GetFiles(Path.Combine(root, "src", "Activations"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), path: p))
            .ToList();
        sources.Add(CSharpSyntaxTree.ParseText("global using System;", path: "GlobalUsings.cs")); // the project's ImplicitUsings
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        compilation = CSharpCompilation.Create("Bench", sources, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var edited = sources[0].WithChangedText(sources[0].GetText().Replace(0, 0, "// edited\n"));
        editedCompilation = compilation.ReplaceSyntaxTree(sources[0], edited);
        warmDriver = NewDriver().RunGenerators(compilation);
        var result = warmDriver.GetRunResult();
        if (result.GeneratedTrees.Length < 11 || result.Diagnostics.Length > 0)
        {
            throw new InvalidOperationException($"the generator made {result.GeneratedTrees.Length} files and {result.Diagnostics.Length} diagnostics; expected 11 built-ins and none");
        }
    }

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new ActivationGenerator());

    [Benchmark(Baseline = true, Description = "cold: parse, differentiate, emit all built-ins")]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(compilation.Clone()); // Clone drops the bound-symbol caches

    [Benchmark(Description = "warm: re-run after a comment edit")]
    public GeneratorDriver Warm() => warmDriver.RunGenerators(editedCompilation);
}

/// <summary>Finds the checkout (the folder holding TinyNN.sln) from the benchmark's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyNN.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("TinyNN.sln not found above " + AppContext.BaseDirectory);
    }
}
