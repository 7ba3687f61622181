using TinyNN.Generators.Tests.Harness;
using Xunit;
using Xunit.Abstractions;
namespace TinyNN.Generators.Tests.Snapshots;
public class Probe(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        foreach (var name in GeneratorHarness.BuiltInNames())
        {
            var run = GeneratorHarness.Run(GeneratorHarness.BuiltIn(name));
            output.WriteLine($"== {name}: sources={run.GeneratedSources.Length} gen diags={run.GeneratorDiagnostics.Length} exc={run.GeneratorResult.Exception}");
            foreach (var d in run.OutputDiagnostics) output.WriteLine("   " + d);
        }
    }
}
