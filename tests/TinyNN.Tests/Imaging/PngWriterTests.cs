using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// PNG files from PngWriter read back through the test's own decoder (bitwise CRC, ZLibStream, all five row
/// filters): signature, IHDR fields, chunk order and CRCs, and pixels that round-trip exactly.
/// </summary>
public sealed class PngWriterTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        var check = "123456789"u8;
        Assert.Equal(0xCBF43926u, PngTestDecoder.BitwiseCrc(check)); // the published CRC-32 check value
        Assert.Equal(0xCBF43926u, Crc32.Compute(check));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PixelsRoundTripWithValidHeaderAndCrcs(bool hasAlpha)
    {
        const int width = 37, height = 23;
        var channels = hasAlpha ? 4 : 3;
        var random = new Random(7);
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width * channels; x++)
            {
                // Top half noise, bottom half smooth ramps, so that several row filters win somewhere.
                pixels[y * width * channels + x] = y < height / 2 ? (byte)random.Next(256) : (byte)(3 * x + 5 * y);
            }
        }

        var file = PngWriter.Encode(width, height, pixels, hasAlpha);

        var chunks = PngTestDecoder.Chunks(file);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal(13, chunks[0].Data.Length);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal("IDAT", c.Type));
        Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
        var image = PngTestDecoder.Decode(file);
        Assert.Equal((width, height, 8, hasAlpha ? 6 : 2, 0), (image.Width, image.Height, image.BitDepth, image.ColorType, image.Interlace));
        Assert.Equal(new byte[] { 0, 0 }, chunks[0].Data[10..12]); // compression and filter method 0
        Assert.Equal(pixels, image.Pixels);
        Assert.True(image.RowFilters.Distinct().Count() >= 2, $"row filters used: {string.Join(",", image.RowFilters.Distinct())}");
    }

    [Fact]
    public void RgbImageEncodesItsPixels()
    {
        var image = new RgbImage(5, 4);
        image.Fill(new Rgb(10, 20, 30));
        image.SetPixel(4, 3, new Rgb(200, 100, 0));
        var decoded = PngTestDecoder.Decode(PngWriter.Encode(image));
        Assert.Equal(image.Pixels, decoded.Pixels);
        Assert.Equal((byte)200, decoded.Pixels[3 * (3 * 5 + 4)]);
    }

    [Fact]
    public void SaveReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("tinynn-png-");
        try
        {
            var path = Path.Combine(folder.FullName, "picture.png");
            File.WriteAllText(path, "old contents");
            var image = new RgbImage(3, 2);
            image.Fill(new Rgb(1, 2, 3));
            PngWriter.Save(path, image);
            Assert.Equal(PngWriter.Encode(image), File.ReadAllBytes(path));
            Assert.Equal(["picture.png"], folder.GetFiles().Select(f => f.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void BadInputIsRejectedWithTheValuesInTheMessage()
    {
        var mismatch = Assert.Throws<ArgumentException>(() => PngWriter.Encode(4, 3, new byte[35], hasAlpha: false));
        Assert.Contains("36", mismatch.Message);
        Assert.Contains("35", mismatch.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Encode(0, 3, [], hasAlpha: false));
        var missingFolder = Path.Combine(Path.GetTempPath(), "tinynn-no-such-folder-" + Guid.NewGuid().ToString("N"), "a.png");
        Assert.Throws<DirectoryNotFoundException>(() => PngWriter.Save(missingFolder, new RgbImage(1, 1)));
    }
}
