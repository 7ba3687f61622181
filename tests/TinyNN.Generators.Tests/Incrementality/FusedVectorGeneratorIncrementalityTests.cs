using Microsoft.CodeAnalysis;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Networks;
using TinyNN.Generators.Tests.Networks;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>[FusedVector]: no unrolled vector re-emitted unless a width changes.</summary>
public sealed class FusedVectorGeneratorIncrementalityTests : GeneratorIncrementalityTests
{
    protected override string Declarations => """
        using TinyNN.Networks;

        namespace Demo;

        [FusedVector(40)]
        public partial struct Lanes40;

        // Lanes for the fused passes.
        [FusedVector(16)]
        public partial struct Lanes16;
        """;

    protected override IReadOnlyList<string> StepNames =>
        [TrackingNames.FusedVectors, TrackingNames.FusedVectorsModels, TrackingNames.FusedVectorsDiagnostics, TrackingNames.FusedVectorTable];

    protected override string ModelsStep => TrackingNames.FusedVectorsModels;

    protected override Func<string, string> CommentEdit => text => text
        .Replace("// Lanes for the fused passes.", "// Lanes for the fused passes, one neuron a register.")
        .Replace("public partial struct Lanes16;", "public partial struct Lanes16; // 16 registers\n// End of the declarations.");

    protected override (Func<string, string> Edit, string Emitted) ModelEdit =>
        (text => text.Replace("[FusedVector(16)]", "[FusedVector(32)]"), "V31;");

    protected override int MinimumModelObjects => 4;

    protected override Compilation CreateCompilation(string source) => NetworkGeneratorHarness.CreateCompilation(source);

    protected override GeneratorDriver CreateDriver() => NetworkGeneratorHarness.CreateDriver(new FusedVectorGenerator());
}
