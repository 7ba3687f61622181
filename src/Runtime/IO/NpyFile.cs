using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace TinyNN.IO;

/// <summary>
/// Reads and writes numpy's .npy files holding float32 ('&lt;f4') arrays in C order, the interchange format of
/// TinyNN's data (points, targets, gradients). Format: numpy.lib.format (versions 1.0, 2.0 and 3.0 read; 1.0
/// written, 2.0 when the header needs it).
/// </summary>
public static class NpyFile
{
    /// <summary>The dtype TinyNN reads and writes: little-endian float32.</summary>
    public const string Float32Descr = "<f4";

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy pads the header so the data starts at a multiple of 64 bytes.
    private const int Alignment = 64;

    // Values converted per read or write call: keeps the byte views of a chunk within int range.
    private const int ChunkValues = 1 << 20;

    /// <summary>Reads a float32 .npy file of any rank.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a C-order float32 .npy file, or is truncated.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = Open(path);
        var (header, dataStart) = ReadHeader(stream, path);
        if (header.Descr != Float32Descr)
        {
            var endianNote = header.Descr == ">f4" ? " (big-endian float32)" : "";
            throw new InvalidDataException($"{path}: dtype {header.Descr}{endianNote} is not supported; TinyNN reads float32 arrays, dtype '{Float32Descr}'");
        }
        if (header.FortranOrder)
        {
            throw new InvalidDataException($"{path}: the array is in Fortran order; TinyNN reads C-order arrays (save with numpy.ascontiguousarray)");
        }
        if (NpyArray.CheckShape(header.Shape, out var count) is { } problem)
        {
            throw new InvalidDataException($"{path}: {problem}");
        }
        var shape = header.Shape.Select(size => (int)size).ToArray();
        var expectedBytes = 4L * count;
        var actualBytes = stream.Length - dataStart;
        if (actualBytes < expectedBytes)
        {
            throw new InvalidDataException($"{path}: truncated: shape {NpyArray.Format(shape)} needs {expectedBytes} data bytes, the file has {actualBytes}");
        }
        if (actualBytes > expectedBytes)
        {
            throw new InvalidDataException($"{path}: {actualBytes - expectedBytes} unexpected bytes after the {expectedBytes} data bytes of shape {NpyArray.Format(shape)}");
        }
        var data = new float[count];
        for (var start = 0; start < count; start += ChunkValues)
        {
            var chunk = data.AsSpan(start, Math.Min(ChunkValues, count - start));
            stream.ReadExactly(MemoryMarshal.AsBytes(chunk));
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(chunk);
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
        }
        return new NpyArray(data, shape);
    }

    /// <summary>
    /// Reads a float32 .npy file and checks its shape against <paramref name="expectedShape"/>, e.g. "[N, 3]":
    /// numbers are fixed sizes, names match any size (the same name the same size).
    /// </summary>
    /// <exception cref="InvalidDataException">The shape differs, e.g. "x.npy: expected a float32 array of shape [N, 3], got shape [5] (dtype &lt;f4)".</exception>
    public static NpyArray Read(string path, string expectedShape)
    {
        var pattern = NpyShapePattern.Parse(expectedShape);
        var array = Read(path);
        if (!pattern.Matches(array.Shape))
        {
            throw new InvalidDataException($"{path}: expected a float32 array of shape {pattern.Text}, got shape {array.ShapeText} (dtype {Float32Descr})");
        }
        return array;
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> (see <see cref="Write(string, ReadOnlySpan{float}, int[])"/>).</summary>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Write(path, array.Data, [.. array.Shape]);
    }

    /// <summary>
    /// Writes <paramref name="data"/> as a C-order float32 array of shape <paramref name="shape"/> (none for a
    /// scalar), byte for byte as numpy.save does. The file appears complete or not at all: it is written to a
    /// temporary file in the same folder, then renamed over <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        if (NpyArray.CheckShape([.. shape.Select(size => (long)size)], out var count) is { } problem)
        {
            throw new ArgumentException($"{path}: {problem}", nameof(shape));
        }
        if (count != data.Length)
        {
            throw new ArgumentException($"{path}: shape {NpyArray.Format(shape)} holds {count} values but the data has {data.Length}", nameof(data));
        }
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: folder {folder} does not exist");
        }
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(Preamble(shape));
                WriteValues(stream, data);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Magic, version, header length and the header padded as numpy 1.x pads it.</summary>
    internal static byte[] Preamble(IReadOnlyList<int> shape)
    {
        var sizes = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{Float32Descr}', 'fortran_order': False, 'shape': {sizes}, }}";
        // numpy: padlen = 64 - ((magic+version + length field + len(header) + 1) % 64), so 1..64 spaces, then '\n'.
        var version = 1;
        var lengthBytes = 2;
        var headerLength = PaddedLength(dict.Length, 8 + lengthBytes);
        if (headerLength > ushort.MaxValue)
        {
            version = 2;
            lengthBytes = 4;
            headerLength = PaddedLength(dict.Length, 8 + lengthBytes);
        }
        var header = dict.PadRight(headerLength - 1) + "\n";
        var preamble = new byte[8 + lengthBytes + headerLength];
        Magic.CopyTo(preamble);
        preamble[6] = (byte)version;
        preamble[7] = 0;
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8), (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(8), (uint)headerLength);
        Encoding.Latin1.GetBytes(header, preamble.AsSpan(8 + lengthBytes));
        return preamble;
    }

    private static int PaddedLength(int dictLength, int prefixBytes)
    {
        var unpadded = dictLength + 1;
        return unpadded + Alignment - (prefixBytes + unpadded) % Alignment;
    }

    private static void WriteValues(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            for (var start = 0; start < data.Length; start += ChunkValues)
            {
                stream.Write(MemoryMarshal.AsBytes(data.Slice(start, Math.Min(ChunkValues, data.Length - start))));
            }
            return;
        }
        var buffer = new byte[4 * Math.Min(ChunkValues, data.Length)];
        for (var start = 0; start < data.Length; start += ChunkValues)
        {
            var chunk = data.Slice(start, Math.Min(ChunkValues, data.Length - start));
            for (var i = 0; i < chunk.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), chunk[i]);
            stream.Write(buffer, 0, 4 * chunk.Length);
        }
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: file not found", path, e);
        }
    }

    private static (NpyHeader Header, long DataStart) ReadHeader(FileStream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.Length < 10 || ReadAtMost(stream, prefix[..8]) < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not a .npy file (it does not start with the magic bytes \\x93NUMPY)");
        }
        var (major, minor) = (prefix[6], prefix[7]);
        if (major is not (1 or 2 or 3) || minor != 0)
        {
            throw new InvalidDataException($"{path}: .npy format version {major}.{minor} is not supported; TinyNN reads 1.0, 2.0 and 3.0");
        }
        var lengthBytes = major == 1 ? 2 : 4;
        if (ReadAtMost(stream, prefix.Slice(8, lengthBytes)) < lengthBytes)
        {
            throw new InvalidDataException($"{path}: truncated: the file ends inside the .npy header length");
        }
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        var dataStart = 8 + lengthBytes + headerLength;
        if (dataStart > stream.Length)
        {
            throw new InvalidDataException($"{path}: truncated: the .npy header needs {headerLength} bytes, the file has {stream.Length - 8 - lengthBytes} after the header length");
        }
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
        var text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return (NpyHeader.Parse(text, path), dataStart);
    }

    private static int ReadAtMost(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
