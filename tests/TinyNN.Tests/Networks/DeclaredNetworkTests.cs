using TinyNN.Activations;
using TinyNN.Networks;
using TinyNN.Tests.Activations;

namespace TinyNN.Tests.Networks;

/// <summary>A network declared by attribute, as a user would, with a user-declared activation (SoftAbs).</summary>
[FusedNetwork(32, 2, typeof(SoftAbs), typeof(Sigmoid))]
public partial class DeclaredSoftAbsNetwork;

/// <summary>The generated kernels of a [FusedNetwork] declaration against the float64 reference.</summary>
public sealed class DeclaredNetworkTests(CpuDeviceFixture simulator) : IClassFixture<CpuDeviceFixture>
{
    [Fact]
    public void DeclarationDescribesItsShape()
    {
        Assert.Equal(32, DeclaredSoftAbsNetwork.Width);
        Assert.Equal(2, DeclaredSoftAbsNetwork.HiddenLayers);
        Assert.Equal("SoftAbs", DeclaredSoftAbsNetwork.Activation.Name);
        Assert.Equal("Sigmoid", DeclaredSoftAbsNetwork.OutputActivation.Name);
    }

    [Fact]
    public void GeneratedKernelsMatchTheFloat64Reference()
    {
        var network = DeclaredSoftAbsNetwork.Create(simulator.Device, inputWidth: 4, outputWidth: 3);
        Assert.Equal(new MlpLayout(4, 32, 2, 3), network.Layout);
        MlpPassCases.AssertMatchesReference(network, batch: 6);
    }
}
