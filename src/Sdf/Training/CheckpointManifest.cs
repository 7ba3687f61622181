using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TinyNN.Training;

/// <summary>
/// manifest.json, the last file a checkpoint save writes: the step and each file's size and SHA-256. A folder is
/// a complete checkpoint exactly when its manifest is there and every file it lists matches, so a save cut short at
/// any point is recognisable as incomplete.
/// </summary>
public static class CheckpointManifest
{
    /// <summary>The manifest's file name inside a checkpoint folder.</summary>
    public const string FileName = "manifest.json";

    private const string Format = "tinynn-checkpoint-manifest-1";

    /// <summary>Hashes and flushes to disk every file of <paramref name="files"/> in <paramref name="folder"/>, then writes and flushes the manifest.</summary>
    public static void Write(string folder, long step, IEnumerable<string> files)
    {
        var entries = new JsonObject();
        foreach (var name in files)
        {
            var (bytes, hash) = HashAndFlush(Path.Combine(folder, name));
            entries[name] = new JsonObject { ["bytes"] = bytes, ["sha256"] = hash };
        }
        var manifest = new JsonObject { ["format"] = Format, ["step"] = step, ["files"] = entries };
        var path = Path.Combine(folder, FileName);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
        // On disk before the folder counts as complete: a power cut must not leave a manifest over unwritten data.
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The step of the complete checkpoint in <paramref name="folder"/>; null when it has no manifest or a file differs from it.</summary>
    public static long? CompleteStep(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject manifest || (string?)manifest["format"] != Format) return null;
            if (manifest["files"] is not JsonObject files || files.Count == 0) return null;
            foreach (var (name, entry) in files)
            {
                var file = Path.Combine(folder, name);
                if (name.Contains('/') || name.Contains('\\') || !File.Exists(file)) return null;
                if (new FileInfo(file).Length != (long)entry!["bytes"]! || Hash(file) != (string?)entry["sha256"]) return null;
            }
            return (long)manifest["step"]!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException
            or FormatException or NullReferenceException)
        {
            return null;
        }
    }

    private static (long Bytes, string Hash) HashAndFlush(string path)
    {
        // Read-write so that the flush reaches the disk (an fsync of this file's pages, whoever wrote them).
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Flush(flushToDisk: true);
        return (stream.Length, hash);
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
