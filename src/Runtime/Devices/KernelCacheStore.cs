using System.Security.Cryptography;
using System.Text;

namespace TinyNN.Devices;

/// <summary>
/// The kernel cache's files: one <c>.kernel</c> file an entry, named by the SHA-256 of its key. Safe under concurrent
/// processes: an entry is written to a temporary file and renamed into place (readers see the old file or the new one,
/// never half of one); a read verifies the entry (<see cref="KernelCacheEntry.TryDecode"/>) and deletes it when it fails.
/// Bounded: after each write the least recently used entries (by access time, which a hit refreshes) are deleted until
/// the total fits <see cref="MaxBytes"/>. No operation throws on an I/O failure: a cache that cannot be read or written
/// only means compiling again.
/// </summary>
public sealed class KernelCacheStore
{
    private const string Extension = ".kernel";
    private const string TemporaryExtension = ".tmp";

    // A temporary file this old belongs to a process that died between writing and renaming it.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>Opens (without creating it yet) the cache in <paramref name="directory"/>, bounded to <paramref name="maxBytes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or <paramref name="maxBytes"/> is below 1.</exception>
    public KernelCacheStore(string directory, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.Trim().Length == 0) throw new ArgumentException("the kernel cache directory must be a path (got an empty string)", nameof(directory));
        if (maxBytes < 1) throw new ArgumentOutOfRangeException(nameof(maxBytes), $"the kernel cache bound must be at least 1 byte (got {maxBytes})");
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
    }

    /// <summary>The folder holding the entries.</summary>
    public string Directory { get; }

    /// <summary>The bound on the entries' total size in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>Entries that failed verification and were deleted by this instance (truncated, corrupted, another key).</summary>
    public int Rejected => rejected;

    private int rejected;

    /// <summary>The file an entry of <paramref name="key"/> is stored in.</summary>
    public string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + Extension);
    }

    /// <summary>The verified entry of <paramref name="key"/>, or null (absent, unreadable, or failed verification and deleted).</summary>
    public KernelCacheEntry? TryRead(string key)
    {
        var path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // absent (FileNotFound and DirectoryNotFound are IOExceptions), or being replaced on Windows
        }
        if (!KernelCacheEntry.TryDecode(bytes, key, out var entry, out _))
        {
            Interlocked.Increment(ref rejected);
            TryDelete(path);
            return null;
        }
        Touch(path);
        return entry;
    }

    /// <summary>Stores <paramref name="entry"/> atomically (temporary file, then rename), then evicts down to the bound.</summary>
    /// <returns>Whether the entry was stored (false when the directory cannot be written).</returns>
    public bool Write(KernelCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = PathOf(entry.Key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporaryExtension}";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(entry.Encode());
                stream.Flush(flushToDisk: true); // the rename must never publish a file whose bytes are not on disk yet
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary); // e.g. Windows refuses to replace a file another process is reading: that entry is as good
            return false;
        }
        Evict();
        return true;
    }

    /// <summary>The number of entries and their total size in bytes.</summary>
    public (int Entries, long Bytes) Usage()
    {
        var files = Entries();
        return (files.Count, files.Sum(file => file.Bytes));
    }

    /// <summary>Deletes every entry (and abandoned temporary files); returns how many entries were deleted.</summary>
    public int Clear()
    {
        var files = Entries();
        foreach (var file in files) TryDelete(file.Path);
        DeleteAbandonedTemporaries(TimeSpan.Zero);
        return files.Count;
    }

    /// <summary>Deletes the least recently used entries until their total fits <see cref="MaxBytes"/>, and abandoned temporary files.</summary>
    public void Evict()
    {
        DeleteAbandonedTemporaries(AbandonedAfter);
        var files = Entries();
        var total = files.Sum(file => file.Bytes);
        foreach (var file in files.OrderBy(file => file.LastUse))
        {
            if (total <= MaxBytes) break;
            TryDelete(file.Path);
            total -= file.Bytes;
        }
    }

    /// <summary>An entry's file as listed: its size and last use (its access time, which every hit sets explicitly, noatime or not).</summary>
    private readonly record struct EntryFile(string Path, long Bytes, DateTime LastUse);

    /// <summary>The entries now, each measured once: another process may delete any of them at any moment, so one that vanishes is skipped.</summary>
    private List<EntryFile> Entries()
    {
        var entries = new List<EntryFile>();
        try
        {
            var directory = new DirectoryInfo(Directory);
            if (!directory.Exists) return entries;
            foreach (var file in directory.EnumerateFiles("*" + Extension))
            {
                try
                {
                    entries.Add(new EntryFile(file.FullName, file.Length, file.LastAccessTimeUtc));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Evicted or cleared by another process between the listing and the measuring.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself vanished (tinynn cache clear elsewhere): nothing to count.
        }
        return entries;
    }

    private void DeleteAbandonedTemporaries(TimeSpan age)
    {
        try
        {
            var directory = new DirectoryInfo(Directory);
            if (!directory.Exists) return;
            foreach (var file in directory.EnumerateFiles("*" + TemporaryExtension))
            {
                // A vanished file reads as written in 1601 (no exception): deleting it again is a no-op.
                if (DateTime.UtcNow - file.LastWriteTimeUtc >= age) TryDelete(file.FullName);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may be cleaning the same folder; what is left goes at the next write.
        }
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastAccessTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Evicted by another process just now: the entry read is still valid for this one.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone or in use on Windows; eviction retries at the next write.
        }
    }
}
