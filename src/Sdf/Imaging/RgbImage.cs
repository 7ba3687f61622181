namespace TinyNN.Imaging;

/// <summary>
/// An 8-bit RGB image (what the sphere tracer renders into): <see cref="Pixels"/> holds rows top to bottom, each
/// pixel R, G, B; <see cref="SetPixel"/> and <see cref="GetPixel"/> require coordinates inside it.
/// </summary>
public sealed class RgbImage
{
    /// <summary>The largest width or height accepted.</summary>
    public const int MaxSide = 16384;

    /// <summary>Creates a black image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is outside 1..<see cref="MaxSide"/>.</exception>
    public RgbImage(int width, int height)
    {
        CheckSide(width, nameof(width));
        CheckSide(height, nameof(height));
        Width = width;
        Height = height;
        Pixels = new byte[3 * width * height];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major RGB bytes, top row first (3 · Width · Height).</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>); (0, 0) is the top-left pixel.</summary>
    public Rgb GetPixel(int x, int y)
    {
        var i = Offset(x, y);
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Sets the pixel at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void SetPixel(int x, int y, Rgb color)
    {
        var i = Offset(x, y);
        Pixels[i] = color.R;
        Pixels[i + 1] = color.G;
        Pixels[i + 2] = color.B;
    }

    /// <summary>Paints every pixel <paramref name="color"/>.</summary>
    public void Fill(Rgb color)
    {
        for (var i = 0; i < Pixels.Length; i += 3)
        {
            Pixels[i] = color.R;
            Pixels[i + 1] = color.G;
            Pixels[i + 2] = color.B;
        }
    }

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}×{Height} image");
        }
        return 3 * (y * Width + x);
    }

    private static void CheckSide(int side, string name)
    {
        if (side is < 1 or > MaxSide) throw new ArgumentOutOfRangeException(name, $"image {name} must be 1..{MaxSide} pixels (got {side})");
    }
}
