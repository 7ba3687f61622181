using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Optimizers;

namespace TinyNN.Tests.Optimizers;

/// <summary>NonFiniteCheck flags NaN and ±∞ (and only those) on a device.</summary>
public abstract class NonFiniteCheckTests(ComputeDevice device)
{
    private NonFiniteKinds Check(float[] data, int? count = null)
    {
        using var check = new NonFiniteCheck(device);
        using var buffer = device.Accelerator.Allocate1D(data);
        if (count is { } n) check.Scan(buffer.View, n);
        else check.Scan(buffer.View);
        return check.Read();
    }

    private static float[] Finite() =>
        [0f, -0f, 1f, -3.5f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e-40f, .. Enumerable.Range(0, 300).Select(i => i * 0.37f - 50f)];

    [Fact]
    public void FiniteDataIsNotFlagged() => Assert.Equal(NonFiniteKinds.None, Check(Finite()));

    [Theory]
    [InlineData(float.NaN, NonFiniteKinds.NaN)]
    [InlineData(float.PositiveInfinity, NonFiniteKinds.Infinity)]
    [InlineData(float.NegativeInfinity, NonFiniteKinds.Infinity)]
    public void OneNonFiniteValueIsFlagged(float bad, NonFiniteKinds expected)
    {
        var data = Finite();
        data[217] = bad;
        Assert.Equal(expected, Check(data));
    }

    [Fact]
    public void NaNWithAnotherPayloadAndBothKindsAreFlagged()
    {
        var data = Finite();
        data[3] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001)); // negative quiet NaN with a payload
        data[100] = float.NegativeInfinity;
        Assert.Equal(NonFiniteKinds.NaN | NonFiniteKinds.Infinity, Check(data));
    }

    [Fact]
    public void OnlyTheFirstCountValuesAreScannedAndResetClears()
    {
        var data = Finite();
        data[^1] = float.NaN;
        Assert.Equal(NonFiniteKinds.None, Check(data, data.Length - 1));

        using var check = new NonFiniteCheck(device);
        using var buffer = device.Accelerator.Allocate1D(data);
        check.Scan(buffer.View);
        Assert.Equal(NonFiniteKinds.NaN, check.Read());
        check.Reset();
        Assert.Equal(NonFiniteKinds.None, check.Read());
        Assert.Contains("count must be 0..309", Assert.Throws<ArgumentOutOfRangeException>(() => check.Scan(buffer.View, 310)).Message);
    }
}

public sealed class NonFiniteCheckSimulatorTests(CpuDeviceFixture fixture) : NonFiniteCheckTests(fixture.Device), IClassFixture<CpuDeviceFixture>;

public sealed class NonFiniteCheckFastPathTests(CpuFastPathFixture fixture) : NonFiniteCheckTests(fixture.Device), IClassFixture<CpuFastPathFixture>;
