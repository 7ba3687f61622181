namespace TinyNN.Imaging;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so readers never see half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="contents"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)
                     ?? throw new ArgumentException($"'{path}' names no file inside a folder", nameof(path));
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"cannot write '{path}': folder '{folder}' does not exist");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
