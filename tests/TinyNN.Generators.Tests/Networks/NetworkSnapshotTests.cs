using Microsoft.CodeAnalysis;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Networks;

/// <summary>
/// The generated network code, approved line by line: a network declaration (its typed dispatch to its vector and activations), the width table and a width's
/// fully unrolled register vector (the code every fused pass runs). Approve an intended change by renaming the
/// <c>.received.cs</c> file the failure names to <c>.approved.cs</c>.
/// </summary>
public sealed class NetworkSnapshotTests
{
    [Fact]
    public void DeclaredNetwork()
    {
        var source = """
            using TinyNN.Activations;
            using TinyNN.Networks;

            namespace Demo;

            /// <summary>An SDF network: 64 wide, 3 hidden layers, Softplus, linear output.</summary>
            [FusedNetwork(64, 3, typeof(Softplus), typeof(None))]
            public partial class SdfNetwork;
            """;
        var run = NetworkGeneratorHarness.Run(source);

        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        var generated = Assert.Single(run.Result.Results[0].GeneratedSources);
        Assert.Equal("Demo.SdfNetwork.FusedNetwork.g.cs", generated.HintName);
        Snapshot.Verify(generated.SourceText.ToString(), "SdfNetwork");
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }

    [Fact]
    public void UnrolledVector16()
    {
        var source = """
            using TinyNN.Networks;

            namespace Demo;

            /// <summary>16 neurons in registers.</summary>
            [FusedVector(16)]
            public partial struct Lanes16;
            """;
        var run = NetworkGeneratorHarness.Run(source);

        Assert.Null(run.Result.Results[1].Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        var sources = run.Result.Results[1].GeneratedSources;
        Assert.Equal(2, sources.Length);
        var generated = Assert.Single(sources, s => s.HintName == "Demo.Lanes16.FusedVector.g.cs");
        Snapshot.Verify(generated.SourceText.ToString(), "Lanes16");
        // The declarations are the only list of widths: the runtime's table and the assembly attributes come from them.
        var table = Assert.Single(sources, s => s.HintName == "FusedVectorTable.g.cs");
        Snapshot.Verify(table.SourceText.ToString(), "FusedVectorTable");
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }

    [Fact]
    public void UnrolledBlock4x8()
    {
        var source = """
            using TinyNN.Networks;

            namespace Demo;

            /// <summary>A thread's 4 × 8 block of a tiled product.</summary>
            [FusedBlock(4, 8)]
            internal partial struct Block4x8;
            """;
        var run = NetworkGeneratorHarness.Run(source);

        Assert.Null(run.Result.Results[2].Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        var generated = Assert.Single(run.Result.Results[2].GeneratedSources);
        Assert.Equal("Demo.Block4x8.FusedBlock.g.cs", generated.HintName);
        Snapshot.Verify(generated.SourceText.ToString(), "Block4x8");
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }

    [Fact]
    public void ElementOpBinding()
    {
        var source = """
            using TinyNN.Activations;
            using TinyNN.Networks;

            namespace Demo;

            /// <summary>h = σ(p), keeping p and h.</summary>
            [ElementOp]
            internal partial struct KeepOp<TActivation> : IElementOp<KeepOp<TActivation>> where TActivation : struct, IActivation
            {
                /// <inheritdoc/>
                public static bool LoadsAhead => false;

                /// <summary>Where p and h are kept.</summary>
                public StridedOperand PreActivations, Activations;

                /// <inheritdoc/>
                public readonly ElementInputs Load(int row, int sample) => default;

                /// <inheritdoc/>
                public readonly float Apply(float value, ElementInputs inputs, int row, int sample)
                {
                    var h = ElementMath<TActivation>.Forward(value);
                    PreActivations.Set(row, sample, value);
                    Activations.Set(row, sample, h);
                    return h;
                }
            }
            """;
        var run = NetworkGeneratorHarness.Run(source);

        Assert.Null(run.Result.Results[2].Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        var generated = Assert.Single(run.Result.Results[2].GeneratedSources);
        Assert.Equal("Demo.KeepOp.ElementOp.g.cs", generated.HintName);
        Snapshot.Verify(generated.SourceText.ToString(), "KeepOp");
        Assert.True(run.OutputDiagnostics.IsEmpty, string.Join("\n", run.OutputDiagnostics));
    }
}
