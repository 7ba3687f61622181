using System.Diagnostics;
using System.Reflection;

namespace TinyNN.Devices;

/// <summary>
/// The persistent kernel cache of one device: a kernel's PTX is looked up by its key (<see cref="KernelCacheKey"/>) and
/// compiled only on a miss, then stored for the next process. Counts hits, misses and the seconds spent compiling, so that
/// a run can report them. Thread-safe: kernels may be loaded concurrently (<see cref="ComputeDevice.Prepare"/>).
/// </summary>
public sealed class KernelCache
{
    private int hits, misses;
    private long compileTicks;

    /// <summary>A cache of <paramref name="store"/>'s entries for kernels compiled for <paramref name="target"/> (<see cref="KernelCacheKey.Target"/>).</summary>
    public KernelCache(KernelCacheStore store, string target)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        Store = store;
        Target = target;
    }

    /// <summary>The files.</summary>
    public KernelCacheStore Store { get; }

    /// <summary>The device and compiler half of every key.</summary>
    public string Target { get; }

    /// <summary>Kernels found in the cache.</summary>
    public int Hits => hits;

    /// <summary>Kernels compiled because the cache did not hold them (or held a broken entry).</summary>
    public int Misses => misses;

    /// <summary>Seconds spent compiling the misses (summed over threads when they compiled concurrently).</summary>
    public double CompileSeconds => Interlocked.Read(ref compileTicks) / (double)Stopwatch.Frequency;

    /// <summary>
    /// The entry of <paramref name="kernel"/>: read from the cache, or compiled by <paramref name="compile"/> (kernel method
    /// in, PTX out) and stored.
    /// </summary>
    public KernelCacheEntry GetOrCompile(MethodInfo kernel, bool explicitlyGrouped, Func<MethodInfo, string> compile)
    {
        ArgumentNullException.ThrowIfNull(compile);
        var key = KernelCacheKey.For(kernel, explicitlyGrouped, Target);
        if (Store.TryRead(key) is { } cached)
        {
            Interlocked.Increment(ref hits);
            return cached;
        }
        var started = Stopwatch.GetTimestamp();
        var entry = PtxKernelImage.Entry(key, compile(kernel));
        Interlocked.Add(ref compileTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref misses);
        Store.Write(entry);
        return entry;
    }

    /// <summary>A one-line summary, e.g. "kernel cache: 14 hits, 0 misses".</summary>
    public string Summary() =>
        $"kernel cache: {Hits} hit{(Hits == 1 ? "" : "s")}, {Misses} miss{(Misses == 1 ? "" : "es")}"
        + (Misses > 0 ? $" (compiled in {CompileSeconds:0.0} s)" : "");
}
