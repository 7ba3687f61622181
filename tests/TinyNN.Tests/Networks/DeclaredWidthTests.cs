using TinyNN.Activations;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>A width TinyNN does not declare, declared by a user: 48 neurons in registers.</summary>
[FusedVector(48)]
public partial struct Vector48;

/// <summary>A network of the user's own width: the generator resolves 48 to <see cref="Vector48"/>.</summary>
[FusedNetwork(48, 2, typeof(Tanh), typeof(None))]
public partial class Declared48Network;

/// <summary>
/// Widths are declarations, not a list: a [FusedVector] declared outside TinyNN makes its width a fused network's, and
/// its passes agree with the float64 reference on the CPU fast path and on the simulator.
/// </summary>
public sealed class DeclaredWidthTests(CpuFastPathFixture cpu) : IClassFixture<CpuFastPathFixture>
{
    [Fact]
    public void DeclaredVectorIsTheNetworksWidth()
    {
        Assert.Equal(48, Vector48.Width);
        var network = Declared48Network.Create(cpu.Device, inputWidth: 16, outputWidth: 2);
        Assert.Equal(new MlpLayout(16, 48, 2, 2), network.Layout);
        Assert.Equal(MlpStrategyKind.PerSample, network.Strategy);
        MlpPassCases.AssertMatchesReference(network, batch: 5);
    }

    [Fact]
    public void ConfigBuiltNetworksAcceptOnlyTinyNNsDeclaredWidths()
    {
        // The runtime's table is TinyNN's own declarations (a user's width is reached through its declared network).
        Assert.Equal([16, 32, 64, 128], FullyFusedMlp.SupportedWidths);
        var error = Assert.Throws<ArgumentException>(() =>
            new FullyFusedMlp(cpu.Device, new MlpLayout(16, 48, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None")));
        Assert.Contains("16, 32, 64 or 128 (got 48)", error.Message);
    }
}
