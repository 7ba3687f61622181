namespace TinyNN.Imaging;

/// <summary>
/// An 8-bit RGB image: <see cref="Pixels"/> holds rows top to bottom, each pixel R, G, B. Drawing operations
/// clip to the image; only <see cref="SetPixel"/> and <see cref="GetPixel"/> require coordinates inside it.
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
    public void Fill(Rgb color) => FillRectangle(0, 0, Width, Height, color);

    /// <summary>Paints the pixels of the rectangle at (<paramref name="x"/>, <paramref name="y"/>) of the given size, clipped to the image.</summary>
    public void FillRectangle(int x, int y, int width, int height, Rgb color)
    {
        int x0 = Math.Max(x, 0), y0 = Math.Max(y, 0);
        int x1 = (int)Math.Min((long)x + Math.Max(width, 0), Width), y1 = (int)Math.Min((long)y + Math.Max(height, 0), Height);
        for (var row = y0; row < y1; row++)
        {
            for (var column = x0; column < x1; column++) SetPixel(column, row, color);
        }
    }

    /// <summary>Mixes <paramref name="color"/> into the pixel with weight <paramref name="coverage"/> (0..1); ignored outside the image.</summary>
    public void Blend(int x, int y, Rgb color, float coverage)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || !(coverage > 0)) return;
        SetPixel(x, y, Rgb.Lerp(GetPixel(x, y), color, coverage));
    }

    /// <summary>
    /// Draws an anti-aliased line of <paramref name="thickness"/> pixels between two points in pixel coordinates
    /// ((0, 0) is the top-left corner of the top-left pixel; pixel centres are at +0.5).
    /// </summary>
    /// <exception cref="ArgumentException">A coordinate is not finite or the thickness is not in (0, 64].</exception>
    public void DrawLine(float x0, float y0, float x1, float y1, Rgb color, float thickness = 1)
    {
        if (!float.IsFinite(x0) || !float.IsFinite(y0) || !float.IsFinite(x1) || !float.IsFinite(y1))
        {
            throw new ArgumentException($"line ({x0}, {y0})–({x1}, {y1}) must have finite end points");
        }
        if (!(thickness > 0 && thickness <= 64)) throw new ArgumentOutOfRangeException(nameof(thickness), $"line thickness must be in (0, 64] pixels (got {thickness})");
        // Coverage falls off linearly over the pixel that straddles the line's edge.
        var reach = thickness / 2 + 0.5f;
        var left = (int)MathF.Max(0, MathF.Floor(MathF.Min(x0, x1) - reach));
        var right = (int)MathF.Min(Width - 1, MathF.Ceiling(MathF.Max(x0, x1) + reach));
        var top = (int)MathF.Max(0, MathF.Floor(MathF.Min(y0, y1) - reach));
        var bottom = (int)MathF.Min(Height - 1, MathF.Ceiling(MathF.Max(y0, y1) + reach));
        float dx = x1 - x0, dy = y1 - y0, lengthSquared = dx * dx + dy * dy;
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                float px = x + 0.5f - x0, py = y + 0.5f - y0;
                var t = lengthSquared > 0 ? Math.Clamp((px * dx + py * dy) / lengthSquared, 0f, 1f) : 0f;
                float ex = px - t * dx, ey = py - t * dy;
                Blend(x, y, color, reach - MathF.Sqrt(ex * ex + ey * ey));
            }
        }
    }

    /// <summary>
    /// Draws <paramref name="text"/> in the built-in <see cref="BitmapFont"/> with its top-left corner at
    /// (<paramref name="x"/>, <paramref name="y"/>), each font pixel a <paramref name="scale"/>² square.
    /// </summary>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        BitmapFont.CheckScale(scale);
        for (var i = 0; i < text.Length; i++)
        {
            var left = x + i * BitmapFont.Advance * scale;
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (BitmapFont.IsSet(text[i], column, row)) FillRectangle(left + column * scale, y + row * scale, scale, scale, color);
                }
            }
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
