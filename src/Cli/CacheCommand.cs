using TinyNN.Devices;

namespace TinyNN.Cli;

/// <summary>
/// <c>tinynn cache info|clear</c>: where the persistent kernel cache is, whether it is on, what it holds; or empty it.
/// The cache keeps the PTX of every kernel a CUDA run compiled, so that the next process loads it instead (docs/kernel-cache.md).
/// </summary>
internal static class CacheCommand
{
    /// <summary>Runs <c>cache</c> with <paramref name="args"/> (the words after it).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count != 1 || args[0] is not ("info" or "clear"))
        {
            throw new UsageException($"cache: expected one of info, clear (got '{string.Join(' ', args)}')");
        }
        var settings = KernelCacheSettings.FromEnvironment();
        var store = new KernelCacheStore(settings.Directory, settings.MaxBytes);
        var (entries, bytes) = store.Usage();
        if (args[0] == "clear")
        {
            var deleted = store.Clear();
            output.WriteLine($"cleared {deleted} kernel{(deleted == 1 ? "" : "s")} ({Megabytes(bytes)}) from {store.Directory}");
            return 0;
        }
        output.WriteLine($"kernel cache: {store.Directory}");
        output.WriteLine(settings.Enabled
            ? "state: on (used on CUDA; TINYNN_CACHE=off disables it, TINYNN_CACHE_DIR moves it, TINYNN_CACHE_SIZE_MB bounds it)"
            : "state: off (TINYNN_CACHE=off): every process compiles its kernels");
        output.WriteLine($"entries: {entries} kernel{(entries == 1 ? "" : "s")}, {Megabytes(bytes)} of at most {Megabytes(settings.MaxBytes)} (least recently used go first)");
        return 0;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}
