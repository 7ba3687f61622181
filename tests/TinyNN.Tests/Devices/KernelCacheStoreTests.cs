using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>The cache's files: hits, broken entries deleted, least recently used entries evicted, no temporary file left.</summary>
public sealed class KernelCacheStoreTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-kernel-store-" + Guid.NewGuid().ToString("N"));

    private static KernelCacheEntry Entry(string name, int ptxBytes = 1000) =>
        new($"kernel: {name}\n", $".visible .entry Kernel_{name}()\n" + new string(';', ptxBytes), 0, false);

    [Fact]
    public void AWrittenEntryIsReadBackAndAnAbsentOneIsNull()
    {
        var store = new KernelCacheStore(directory, 1 << 20);
        Assert.Null(store.TryRead("kernel: a\n")); // the folder does not even exist yet
        Assert.True(store.Write(Entry("a")));
        Assert.Equal(Entry("a"), store.TryRead("kernel: a\n"));
        Assert.Null(store.TryRead("kernel: b\n"));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        Assert.Equal((1, new FileInfo(store.PathOf("kernel: a\n")).Length), store.Usage());
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("corrupt")]
    [InlineData("empty")]
    public void ABrokenEntryIsDeletedAndMisses(string damage)
    {
        var store = new KernelCacheStore(directory, 1 << 20);
        store.Write(Entry("a"));
        var path = store.PathOf("kernel: a\n");
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncate": File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); break;
            case "corrupt": bytes[^10] ^= 1; File.WriteAllBytes(path, bytes); break;
            default: File.WriteAllBytes(path, []); break;
        }
        Assert.Null(store.TryRead("kernel: a\n"));
        Assert.False(File.Exists(path));
        Assert.Equal(1, store.Rejected);
        // Recompiled and stored again, it hits.
        store.Write(Entry("a"));
        Assert.Equal(Entry("a"), store.TryRead("kernel: a\n"));
    }

    [Fact]
    public void TheLeastRecentlyUsedEntriesGoWhenTheBoundIsPassed()
    {
        var size = Entry("a").Encode().Length;
        var store = new KernelCacheStore(directory, size * 5 / 2); // room for two entries
        store.Write(Entry("a"));
        store.Write(Entry("b"));
        File.SetLastAccessTimeUtc(store.PathOf("kernel: a\n"), DateTime.UtcNow.AddHours(-2));
        File.SetLastAccessTimeUtc(store.PathOf("kernel: b\n"), DateTime.UtcNow.AddHours(-1));
        Assert.NotNull(store.TryRead("kernel: a\n")); // a hit makes a the most recently used
        store.Write(Entry("c"));
        Assert.True(File.Exists(store.PathOf("kernel: a\n")));
        Assert.False(File.Exists(store.PathOf("kernel: b\n")));
        Assert.True(File.Exists(store.PathOf("kernel: c\n")));
        Assert.True(store.Usage().Bytes <= store.MaxBytes);
    }

    [Fact]
    public void AnEntryLargerThanTheBoundIsNotKept()
    {
        var store = new KernelCacheStore(directory, 100);
        store.Write(Entry("big", 1000));
        Assert.Equal((0, 0L), store.Usage());
    }

    [Fact]
    public void AbandonedTemporaryFilesAreDeletedAtTheNextWriteAndFreshOnesKept()
    {
        var store = new KernelCacheStore(directory, 1 << 20);
        Directory.CreateDirectory(directory);
        var abandoned = Path.Combine(directory, "x.kernel.1.abandoned.tmp");
        var inFlight = Path.Combine(directory, "y.kernel.2.inflight.tmp");
        File.WriteAllText(abandoned, "half");
        File.WriteAllText(inFlight, "half");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-1));
        store.Write(Entry("a"));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inFlight)); // another process may be about to rename it
    }

    [Fact]
    public void ClearDeletesEveryEntry()
    {
        var store = new KernelCacheStore(directory, 1 << 20);
        store.Write(Entry("a"));
        store.Write(Entry("b"));
        Assert.Equal(2, store.Clear());
        Assert.Equal((0, 0L), store.Usage());
        Assert.Equal(0, new KernelCacheStore(Path.Combine(directory, "never-created"), 1).Clear());
    }

    [Fact]
    public void AnUnwritableFolderOnlyMeansNoCaching()
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "a-file");
        File.WriteAllText(file, "not a folder");
        var store = new KernelCacheStore(file, 1 << 20);
        Assert.False(store.Write(Entry("a")));
        Assert.Null(store.TryRead("kernel: a\n"));
    }

    [Fact]
    public void InvalidArgumentsAreNamed()
    {
        Assert.Contains("got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new KernelCacheStore(directory, 0)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new KernelCacheStore(" ", 1)).Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
