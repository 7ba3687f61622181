using Microsoft.CodeAnalysis;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Networks;
using TinyNN.Generators.Tests.Networks;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>[FusedBlock] and [ElementOp]: no register block or operand binding re-emitted unless a declaration changes.</summary>
public sealed class FusedBlockGeneratorIncrementalityTests : GeneratorIncrementalityTests
{
    protected override string Declarations => """
        using TinyNN.Networks;

        namespace Demo;

        [FusedBlock(5, 8)]
        internal partial struct Block5x8;

        [ElementOp]
        public struct Step { public StridedOperand Output; }

        [ElementOp]
        internal partial struct Scale { public StridedOperand Output, Input; }

        // A thread's block of a tiled product.
        [FusedBlock(4, 8)]
        internal partial struct Block4x8;
        """;

    protected override IReadOnlyList<string> StepNames =>
    [
        TrackingNames.FusedBlocks, TrackingNames.FusedBlocksModels, TrackingNames.FusedBlocksDiagnostics,
        TrackingNames.ElementOps, TrackingNames.ElementOpsModels, TrackingNames.ElementOpsDiagnostics,
    ];

    protected override string ModelsStep => TrackingNames.FusedBlocksModels;

    protected override Func<string, string> CommentEdit => text => text
        .Replace("// A thread's block of a tiled product.", "// A thread's 4 × 8 block of a tiled product.")
        .Replace("internal partial struct Block4x8;", "internal partial struct Block4x8; // 32 sums\n// End of the declarations.");

    protected override (Func<string, string> Edit, string Emitted) ModelEdit =>
        (text => text.Replace("[FusedBlock(4, 8)]", "[FusedBlock(8, 8)]"), "S7_7");

    protected override int MinimumModelObjects => 4;

    protected override Compilation CreateCompilation(string source) => NetworkGeneratorHarness.CreateCompilation(source);

    protected override GeneratorDriver CreateDriver() => NetworkGeneratorHarness.CreateDriver(new FusedBlockGenerator());
}
