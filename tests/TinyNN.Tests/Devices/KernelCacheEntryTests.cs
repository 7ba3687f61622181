using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>An entry survives encoding only intact: truncation, a flipped bit or another key are all recognised.</summary>
public sealed class KernelCacheEntryTests
{
    private static readonly KernelCacheEntry Sample = new("kernel: sample\ntarget: sm_90\n", "//\n.version 8.3\n.target sm_90\n.visible .entry Kernel_Sample() { ret; }\n", 512, true);

    [Fact]
    public void RoundTrips()
    {
        Assert.True(KernelCacheEntry.TryDecode(Sample.Encode(), Sample.Key, out var decoded, out var problem), problem);
        Assert.Equal(Sample, decoded);
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        var bytes = Sample.Encode();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(KernelCacheEntry.TryDecode(bytes[..length], Sample.Key, out var decoded, out var problem), $"{length} of {bytes.Length} bytes accepted");
            Assert.Null(decoded);
            Assert.NotEmpty(problem);
        }
    }

    [Fact]
    public void EveryFlippedByteIsRejected()
    {
        var bytes = Sample.Encode();
        for (var position = 0; position < bytes.Length; position++)
        {
            var corrupted = (byte[])bytes.Clone();
            corrupted[position] ^= 0x10;
            Assert.False(KernelCacheEntry.TryDecode(corrupted, Sample.Key, out _, out _), $"a flip at byte {position} was accepted");
        }
    }

    [Fact]
    public void AnEntryOfAnotherKeyIsRejected()
    {
        Assert.False(KernelCacheEntry.TryDecode(Sample.Encode(), Sample.Key + "driver 13.0\n", out _, out var problem));
        Assert.Contains("another key", problem);
    }
}
