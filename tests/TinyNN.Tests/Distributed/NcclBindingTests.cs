using System.Runtime.CompilerServices;
using TinyNN.Distributed;

namespace TinyNN.Tests.Distributed;

/// <summary>What of the NCCL binding a machine without NCCL or a GPU can check: the ABI of the id, the errors.</summary>
public sealed class NcclBindingTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    [Fact]
    public void UniqueIdIsNcclsOneHundredTwentyEightBytes()
    {
        // nccl.h: typedef struct { char internal[NCCL_UNIQUE_ID_BYTES]; } ncclUniqueId; with NCCL_UNIQUE_ID_BYTES 128, passed by value.
        Assert.Equal(128, Unsafe.SizeOf<NcclUniqueId>());
        Assert.Equal(128, System.Runtime.InteropServices.Marshal.SizeOf<NcclUniqueId>());
    }

    [Fact]
    public void UniqueIdRoundTripsThroughHex()
    {
        var hex = string.Concat(Enumerable.Range(0, 128).Select(i => ((i * 37 + 5) % 256).ToString("x2")));
        var id = NcclUniqueId.FromHex(hex);
        Assert.Equal(hex, id.ToHex());
        Assert.NotEqual(new NcclUniqueId().ToHex(), id.ToHex());
    }

    [Theory]
    [InlineData("abc", "got 3 characters)")]
    [InlineData("", "got 0 characters)")]
    public void UniqueIdRejectsWrongLengths(string hex, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NcclUniqueId.FromHex(hex));
        Assert.Contains("an NCCL unique id is 256 hex digits", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UniqueIdRejectsNonHexDigits()
    {
        var error = Assert.Throws<FormatException>(() => NcclUniqueId.FromHex(new string('g', 256)));
        Assert.Contains("not all hex digits", error.Message);
    }

    [Fact]
    public void MissingLibrarySaysWhatWasTriedAndWhatToInstall()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "libnccl.so.2");
        var error = Assert.Throws<NcclUnavailableException>(() => NcclLibrary.Load([missing, "libnccl-not-a-real-name.so.2"]));
        Assert.Contains($"{missing}: not found or not loadable", error.Message);
        Assert.Contains("libnccl-not-a-real-name.so.2: not found or not loadable", error.Message);
        Assert.Contains("needs NCCL 2.x (libnccl.so.2)", error.Message);
        Assert.Contains("apt-get install libnccl2", error.Message);
        Assert.Contains(NcclLibrary.PathVariable, error.Message);
    }

    [Fact]
    public void LibraryWithoutNcclsCallsIsRejected()
    {
        // libc loads but exports no NCCL call: it must be reported as such, not crash on a null function pointer.
        var error = Assert.Throws<NcclUnavailableException>(() => NcclLibrary.Load(["libc.so.6"]));
        Assert.Contains("libc.so.6: it does not export ncclGetVersion (NCCL 2.x is needed)", error.Message);
    }

    [Fact]
    public void LoadNeedsACandidate()
    {
        var error = Assert.Throws<ArgumentException>(() => NcclLibrary.Load([]));
        Assert.Contains("give at least one NCCL library name or path", error.Message);
    }

    [Fact]
    public void DefaultCandidatesHonourTheEnvironmentOverride()
    {
        var candidates = NcclLibrary.DefaultCandidates();
        Assert.Contains("libnccl.so.2", candidates);
        var explicitPath = Environment.GetEnvironmentVariable(NcclLibrary.PathVariable);
        if (explicitPath is { Length: > 0 }) Assert.Equal(explicitPath, candidates[0]);
        else Assert.Equal("libnccl.so.2", candidates[0]);
    }

    [Fact]
    public void NcclAllReduceRefusesCpuDevicesBeforeLoadingAnything()
    {
        var error = Assert.Throws<ArgumentException>(() => NcclGradientAllReduce.CreateLocal([fixture.Device], 10));
        Assert.Contains("NCCL all-reduce needs CUDA devices; local replica 0 runs on CPU", error.Message);
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => NcclGradientAllReduce.CreateLocal([fixture.Device], 0));
        Assert.Contains("the gradient length must be 1..", count.Message);
        var rank = Assert.Throws<ArgumentException>(() => NcclGradientAllReduce.CreateRank(fixture.Device, 10, 0, 2, default));
        Assert.Contains("needs CUDA devices", rank.Message);
    }

    [Fact]
    public void ErrorsCarryNcclsResultName()
    {
        var error = new NcclException("ncclAllReduce", 5, "invalid usage (run with NCCL_DEBUG=WARN for details)");
        Assert.Equal("ncclAllReduce failed: NCCL error 5 (ncclInvalidUsage): invalid usage (run with NCCL_DEBUG=WARN for details)", error.Message);
        Assert.Equal("ncclRemoteError", NcclException.ResultName(6));
        Assert.Equal("ncclTimeout", NcclException.ResultName(8));
    }
}
