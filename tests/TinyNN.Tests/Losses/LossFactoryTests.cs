using TinyNN.Devices;
using TinyNN.Losses;

namespace TinyNN.Tests.Losses;

/// <summary>Loss.Create: tcnn's names case-insensitively, and errors that say what is accepted.</summary>
public sealed class LossFactoryTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private ComputeDevice Device => fixture.Device;

    [Theory]
    [InlineData("L1", typeof(L1Loss))]
    [InlineData("l2", typeof(L2Loss))]
    [InlineData("relativel1", typeof(RelativeL1Loss))]
    [InlineData("RELATIVEL2", typeof(RelativeL2Loss))]
    [InlineData("MAPE", typeof(MapeLoss))]
    [InlineData("smape", typeof(SmapeLoss))]
    [InlineData("huber", typeof(HuberLoss))]
    public void NamesMatchCaseInsensitively(string otype, Type expected) => Assert.IsType(expected, Loss.Create(Device, otype));

    [Fact]
    public void UnknownNameListsTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Create(Device, "L3"));
        Assert.Contains("unknown loss otype \"L3\"; accepted: L1, L2, RelativeL1, RelativeL2, Mape, Smape, Huber", e.Message);
        e = Assert.Throws<ArgumentException>(() => Loss.Create(Device, "crossentropy"));
        Assert.Contains("\"CrossEntropy\" exists in tiny-cuda-nn but TinyNN does not implement it", e.Message);
    }

    [Fact]
    public void ParametersAreCheckedPerLoss()
    {
        var huber = Assert.IsType<HuberLoss>(Loss.Create(Device, "Huber", new Dictionary<string, double> { ["delta"] = 0.25 }));
        Assert.Equal(0.25f, huber.Delta);
        Assert.Equal(1f, Assert.IsType<HuberLoss>(Loss.Create(Device, "Huber")).Delta);
        var e = Assert.Throws<ArgumentException>(() => Loss.Create(Device, "L2", new Dictionary<string, double> { ["delta"] = 1 }));
        Assert.Contains("loss \"L2\" takes no parameters (got \"delta\")", e.Message);
        e = Assert.Throws<ArgumentException>(() => Loss.Create(Device, "Huber", new Dictionary<string, double> { ["beta"] = 1 }));
        Assert.Contains("accepts \"delta\" (got \"beta\")", e.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Create(Device, "Huber", new Dictionary<string, double> { ["delta"] = -1 }));
        Assert.Contains("delta must be finite and > 0 (got -1)", range.Message);
    }
}
