using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>Pixel access, anti-aliased lines (ink equals the line's area) and the 5×7 font.</summary>
public sealed class RgbImageTests
{
    [Fact]
    public void PixelsOutsideTheImageAreRejected()
    {
        var image = new RgbImage(4, 3);
        image.SetPixel(3, 2, new Rgb(9, 8, 7));
        Assert.Equal(new Rgb(9, 8, 7), image.GetPixel(3, 2));
        Assert.Equal(new byte[] { 9, 8, 7 }, image.Pixels[^3..]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => image.SetPixel(4, 0, Rgb.White));
        Assert.Contains("(4, 0)", error.Message);
        Assert.Contains("4×3", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(0, 5));
    }

    [Fact]
    public void OnePixelLineThroughPixelCentresCoversOneRowExactly()
    {
        var image = new RgbImage(16, 12);
        image.Fill(Rgb.White);
        image.DrawLine(2.5f, 5.5f, 10.5f, 5.5f, Rgb.Black);
        for (var x = 2; x <= 10; x++)
        {
            Assert.Equal(Rgb.Black, image.GetPixel(x, 5));
            Assert.Equal(Rgb.White, image.GetPixel(x, 4));
            Assert.Equal(Rgb.White, image.GetPixel(x, 6));
        }
    }

    [Fact]
    public void AntiAliasedLineInkEqualsItsArea()
    {
        // Coverage falls off linearly across one pixel, so the ink across the line integrates to the thickness;
        // the round caps add one disc's worth: 2π∫ clamp(t/2 + ½ − r, 0, 1) r dr = 1.70 for t = 2.
        var image = new RgbImage(64, 64);
        image.Fill(Rgb.White);
        const float thickness = 2;
        image.DrawLine(10.2f, 10.7f, 50.2f, 40.7f, Rgb.Black, thickness);
        var ink = 0.0;
        for (var i = 0; i < image.Pixels.Length; i += 3) ink += (255 - image.Pixels[i]) / 255.0;
        var expected = 50 * thickness + 1.70;
        Assert.True(Math.Abs(ink - expected) < 0.02 * expected, $"ink {ink:F2}, expected {expected:F2} (2% for pixel sampling)");
    }

    [Fact]
    public void FontGlyphsHaveTheirShapes()
    {
        // Hand-checked facts about the glyphs: a misaligned glyph table breaks them.
        for (var c = 0; c < 5; c++) Assert.True(BitmapFont.IsSet('T', c, 0));
        for (var r = 0; r < 7; r++) Assert.True(BitmapFont.IsSet('T', 2, r));
        for (var c = 0; c < 5; c++) Assert.True(BitmapFont.IsSet('H', c, 3));
        Assert.False(BitmapFont.IsSet('O', 2, 3));
        Assert.True(BitmapFont.IsSet('_', 4, 6));
        Assert.True(BitmapFont.IsSet('~', 0, 3));
        for (var r = 0; r < 7; r++)
        {
            for (var c = 0; c < 5; c++) Assert.False(BitmapFont.IsSet(' ', c, r));
        }

        static string Bits(char ch) => string.Concat(Enumerable.Range(0, 35).Select(i => BitmapFont.IsSet(ch, i % 5, i / 5) ? '#' : '.'));
        var glyphs = Enumerable.Range('!', '~' - '!' + 1).Select(i => Bits((char)i)).ToList();
        Assert.All(glyphs, g => Assert.Contains('#', g));
        Assert.Equal(glyphs.Count, glyphs.Distinct().Count());
        Assert.Equal(Bits('?'), Bits('é'));
    }

    [Fact]
    public void TextIsDrawnScaledAtItsPosition()
    {
        var image = new RgbImage(40, 20);
        image.Fill(Rgb.White);
        image.DrawText(3, 2, "T1", Rgb.Black, scale: 2);
        Assert.Equal(22, BitmapFont.MeasureWidth("T1", 2));
        // 'T' top bar: font row 0 → image rows 2..3, columns 3..12.
        for (var x = 3; x <= 12; x++) Assert.Equal(Rgb.Black, image.GetPixel(x, 2));
        Assert.Equal(Rgb.White, image.GetPixel(13, 2));
        // '1' starts one glyph advance (6 font pixels = 12 image pixels) later; its stem is font column 2.
        Assert.Equal(Rgb.Black, image.GetPixel(3 + 12 + 4, 2 + 2 * 3));
        var ink = 0;
        for (var i = 0; i < image.Pixels.Length; i += 3) ink += image.Pixels[i] == 0 ? 1 : 0;
        Assert.Equal(4 * (11 + 10), ink); // 'T' has 11 font pixels, '1' has 10, each a 2×2 square
    }
}
