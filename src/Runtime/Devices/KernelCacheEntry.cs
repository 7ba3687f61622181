using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TinyNN.Devices;

/// <summary>
/// One cached kernel: the PTX ILGPU compiled and its shared-memory specification (what ILGPU's launcher needs besides the
/// kernel method), under the full text of its key. Stored as a header (magic, lengths, SHA-256 of the whole entry) followed
/// by the key and the PTX, so that a truncated, corrupted or colliding file is recognised and never launched.
/// </summary>
/// <param name="Key">The full key text (<see cref="KernelCacheKey"/>): everything that changes the code.</param>
/// <param name="Ptx">The PTX assembly.</param>
/// <param name="StaticSharedBytes">Bytes of static shared memory the kernel declares.</param>
/// <param name="DynamicShared">Whether the kernel takes dynamic shared memory (<c>SharedMemory.GetDynamic</c>).</param>
public sealed record KernelCacheEntry(string Key, string Ptx, int StaticSharedBytes, bool DynamicShared)
{
    // Bumped whenever the layout below changes; older entries then fail the magic check and are recompiled.
    private static ReadOnlySpan<byte> Magic => "TNNKC001"u8;

    // magic, key length (int32), PTX length (int32), static shared bytes (int32), dynamic shared (int32), SHA-256.
    private const int ChecksumOffset = 24;
    private const int HeaderBytes = ChecksumOffset + 32;

    /// <summary>The entry as stored: header, key, PTX.</summary>
    public byte[] Encode()
    {
        if (StaticSharedBytes < 0) throw new InvalidOperationException($"static shared memory must be 0 or more bytes (got {StaticSharedBytes})");
        var key = Encoding.UTF8.GetBytes(Key);
        var ptx = Encoding.UTF8.GetBytes(Ptx);
        var bytes = new byte[HeaderBytes + key.Length + ptx.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), ptx.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), StaticSharedBytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), DynamicShared ? 1 : 0);
        key.CopyTo(bytes.AsSpan(HeaderBytes));
        ptx.CopyTo(bytes.AsSpan(HeaderBytes + key.Length));
        SHA256.HashData(bytes, bytes.AsSpan(ChecksumOffset, 32)); // hashed while its own field is still zero
        return bytes;
    }

    /// <summary>
    /// Decodes a stored entry and checks it: lengths that match the file's, a matching checksum, and the key
    /// <paramref name="expectedKey"/>. On failure <paramref name="problem"/> says what was wrong.
    /// </summary>
    public static bool TryDecode(byte[] bytes, string expectedKey, out KernelCacheEntry? entry, out string problem)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(expectedKey);
        entry = null;
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            problem = $"not a kernel cache entry of this version ({bytes.Length} bytes, header missing or of another format)";
            return false;
        }
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var ptxLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        var staticShared = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        var dynamicShared = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        if (keyLength < 0 || ptxLength < 0 || (long)HeaderBytes + keyLength + ptxLength != bytes.Length)
        {
            problem = $"truncated or padded: the header announces {(long)HeaderBytes + keyLength + ptxLength} bytes, the file holds {bytes.Length}";
            return false;
        }
        Span<byte> stored = stackalloc byte[32];
        bytes.AsSpan(ChecksumOffset, 32).CopyTo(stored);
        var copy = (byte[])bytes.Clone();
        copy.AsSpan(ChecksumOffset, 32).Clear();
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(copy, actual);
        if (!actual.SequenceEqual(stored))
        {
            problem = "corrupted: its SHA-256 does not match its header";
            return false;
        }
        if (staticShared < 0 || dynamicShared is not (0 or 1))
        {
            problem = $"invalid shared memory specification (static {staticShared} bytes, dynamic flag {dynamicShared})";
            return false;
        }
        var key = Encoding.UTF8.GetString(bytes, HeaderBytes, keyLength);
        if (key != expectedKey)
        {
            problem = "written for another key (a hash collision or a renamed file)";
            return false;
        }
        entry = new KernelCacheEntry(key, Encoding.UTF8.GetString(bytes, HeaderBytes + keyLength, ptxLength), staticShared, dynamicShared == 1);
        problem = "";
        return true;
    }
}
