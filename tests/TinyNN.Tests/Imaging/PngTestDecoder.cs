using System.Buffers.Binary;
using System.IO.Compression;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// A minimal PNG reader written for the tests, independent of PngWriter: checks the signature and every chunk's
/// CRC (bit by bit, no table), inflates the IDAT data and undoes all five row filters. 8-bit RGB/RGBA only.
/// </summary>
internal static class PngTestDecoder
{
    public sealed record Chunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    public sealed record Image(int Width, int Height, int BitDepth, int ColorType, int Interlace, byte[] Pixels, byte[] RowFilters);

    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static List<Chunk> Chunks(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");
        var chunks = new List<Chunk>();
        var at = 8;
        while (at < file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length).ToArray();
            var stored = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            chunks.Add(new Chunk(type, data, stored, BitwiseCrc(file.AsSpan(at + 4, 4 + length))));
            at += 12 + length;
        }
        Assert.Equal(file.Length, at);
        return chunks;
    }

    public static Image Decode(byte[] file)
    {
        var chunks = Chunks(file);
        foreach (var chunk in chunks) Assert.True(chunk.StoredCrc == chunk.ComputedCrc, $"{chunk.Type} CRC");
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        var header = chunks[0].Data;
        int width = BinaryPrimitives.ReadInt32BigEndian(header), height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        int depth = header[8], colorType = header[9], interlace = header[12];
        var channels = colorType == 6 ? 4 : 3;

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var filtered = raw.ToArray();
        var stride = width * channels;
        Assert.Equal((stride + 1) * height, filtered.Length);

        var pixels = new byte[stride * height];
        var rowFilters = new byte[height];
        for (var y = 0; y < height; y++)
        {
            var type = filtered[y * (stride + 1)];
            rowFilters[y] = type;
            for (var i = 0; i < stride; i++)
            {
                var a = i >= channels ? pixels[y * stride + i - channels] : 0;
                var b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                var c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                var predictor = type switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException($"row {y}: filter type {type}"),
                };
                pixels[y * stride + i] = (byte)(filtered[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        return new Image(width, height, depth, colorType, interlace, pixels, rowFilters);
    }

    /// <summary>CRC-32 (ISO 3309) one bit at a time, as the PNG specification's definition reads.</summary>
    public static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
