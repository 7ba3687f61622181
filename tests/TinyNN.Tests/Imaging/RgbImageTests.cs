using TinyNN.Imaging;

namespace TinyNN.Tests.Imaging;

/// <summary>Pixel access and filling.</summary>
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
    public void FillPaintsEveryPixel()
    {
        var image = new RgbImage(3, 2);
        image.Fill(new Rgb(4, 5, 6));
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 3; x++) Assert.Equal(new Rgb(4, 5, 6), image.GetPixel(x, y));
        }
    }
}
