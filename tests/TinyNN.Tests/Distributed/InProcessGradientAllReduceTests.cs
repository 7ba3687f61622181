using ILGPU;
using ILGPU.Runtime;
using TinyNN.Distributed;

namespace TinyNN.Tests.Distributed;

/// <summary>The in-process all-reduce: every replica ends with the float32 sum, and bad arguments are named.</summary>
public sealed class InProcessGradientAllReduceTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    [Fact]
    public void EveryReplicaGetsTheSum()
    {
        var a = fixture.Device.Accelerator;
        float[][] values = [[1f, 2f, -3f], [10f, 0.5f, 3f], [100f, -2f, 0.25f]];
        var buffers = values.Select(v => a.Allocate1D(v)).ToList();
        using var allReduce = new InProcessGradientAllReduce([fixture.Device, fixture.Device, fixture.Device], 3);
        try
        {
            allReduce.SumInPlace([.. buffers.Select(b => b.View)]);
            foreach (var buffer in buffers) Assert.Equal(new[] { 111f, 0.5f, 0.25f }, buffer.GetAsArray1D());
            Assert.Equal(3, allReduce.WorldSize);
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var a = fixture.Device.Accelerator;
        using var three = a.Allocate1D<float>(3);
        using var four = a.Allocate1D<float>(4);
        using var allReduce = new InProcessGradientAllReduce([fixture.Device, fixture.Device], 3);
        var count = Assert.Throws<ArgumentException>(() => allReduce.SumInPlace([three.View]));
        Assert.Contains("expected one gradient per local replica (2); got 1", count.Message);
        var length = Assert.Throws<ArgumentException>(() => allReduce.SumInPlace([three.View, four.View]));
        Assert.Contains("gradient 1 holds 4 floats; the all-reduce was set up for 3", length.Message);
        var empty = Assert.Throws<ArgumentException>(() => new InProcessGradientAllReduce([], 3));
        Assert.Contains("at least one local replica device", empty.Message);
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => new InProcessGradientAllReduce([fixture.Device], 0));
        Assert.Contains("the gradient length must be 1..2147483647 floats (got 0)", size.Message);
    }
}
