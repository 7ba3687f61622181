using System.Buffers.Binary;
using System.IO.Compression;

namespace TinyNN.Imaging;

/// <summary>
/// Writes 8-bit RGB or RGBA PNG files (non-interlaced; each row filtered with whichever of the five PNG filters
/// gives the smallest sum of absolute differences, then zlib-compressed into one IDAT chunk).
/// </summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG file bytes of <paramref name="image"/>.</summary>
    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Encode(image.Width, image.Height, image.Pixels, hasAlpha: false);
    }

    /// <summary>
    /// The PNG file bytes of a <paramref name="width"/>×<paramref name="height"/> image whose
    /// <paramref name="pixels"/> are rows top to bottom, RGB (or RGBA when <paramref name="hasAlpha"/>) bytes each pixel.
    /// </summary>
    /// <exception cref="ArgumentException">A side is outside 1..<see cref="RgbImage.MaxSide"/> or the pixel count does not match.</exception>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels, bool hasAlpha)
    {
        if (width is < 1 or > RgbImage.MaxSide) throw new ArgumentOutOfRangeException(nameof(width), $"PNG width must be 1..{RgbImage.MaxSide} (got {width})");
        if (height is < 1 or > RgbImage.MaxSide) throw new ArgumentOutOfRangeException(nameof(height), $"PNG height must be 1..{RgbImage.MaxSide} (got {height})");
        var channels = hasAlpha ? 4 : 3;
        var stride = channels * width;
        if (pixels.Length != (long)stride * height)
        {
            throw new ArgumentException(
                $"a {width}×{height} {(hasAlpha ? "RGBA" : "RGB")} image needs {(long)stride * height} pixel bytes (got {pixels.Length})", nameof(pixels));
        }

        using var file = new MemoryStream();
        file.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                          // bits per channel
        header[9] = (byte)(hasAlpha ? 6 : 2);   // colour type: truecolour with alpha / truecolour
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(pixels, stride, height, channels));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(string path, RgbImage image) => AtomicFile.Write(path, Encode(image));

    /// <summary>Writes raw RGB or RGBA pixels (see <see cref="Encode(int, int, ReadOnlySpan{byte}, bool)"/>) to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(string path, int width, int height, ReadOnlySpan<byte> pixels, bool hasAlpha) =>
        AtomicFile.Write(path, Encode(width, height, pixels, hasAlpha));

    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height, int channels)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var candidates = new byte[5][];
            for (var f = 0; f < 5; f++) candidates[f] = new byte[stride + 1];
            var zeroRow = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * stride, stride);
                var above = y == 0 ? zeroRow : pixels.Slice((y - 1) * stride, stride);
                var best = 0;
                var bestCost = long.MaxValue;
                for (var f = 0; f < 5; f++)
                {
                    var cost = Filter(f, row, above, channels, candidates[f]);
                    if (cost < bestCost) (best, bestCost) = (f, cost);
                }
                zlib.Write(candidates[best]);
            }
        }
        return compressed.ToArray();
    }

    /// <summary>Writes filter type <paramref name="type"/> and the filtered row into <paramref name="output"/>; returns the sum of |filtered byte as signed|.</summary>
    private static long Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int channels, Span<byte> output)
    {
        output[0] = (byte)type;
        long cost = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= channels ? row[i - channels] : 0, up = above[i], upLeft = i >= channels ? above[i - channels] : 0;
            var predictor = type switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => Paeth(left, up, upLeft),
            };
            var filtered = (byte)(row[i] - predictor);
            output[i + 1] = filtered;
            cost += filtered < 128 ? filtered : 256 - filtered; // |byte read as signed|
        }
        return cost;
    }

    /// <summary>The PNG Paeth predictor: whichever of left, up, up-left is closest to left + up − up-left.</summary>
    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) return left;
        return toUp <= toUpLeft ? up : upLeft;
    }

    private static void WriteChunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        Span<byte> typeBytes = [(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]];
        file.Write(typeBytes);
        file.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        file.Write(word);
    }
}
