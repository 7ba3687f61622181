namespace TinyNN.Imaging;

/// <summary>An 8-bit sRGB colour.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>White.</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>The colour a fraction <paramref name="t"/> (clamped to 0..1) of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, float t)
    {
        t = float.IsNaN(t) ? 0 : Math.Clamp(t, 0f, 1f);
        return new Rgb(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));
    }

    /// <summary>The colour with each channel multiplied by <paramref name="factor"/> (clamped to 0..255).</summary>
    public Rgb Scale(float factor) => new(Channel(R * factor), Channel(G * factor), Channel(B * factor));

    /// <summary>A channel value rounded and clamped to 0..255.</summary>
    internal static byte Channel(float value) => (byte)Math.Clamp(MathF.Round(value), 0f, 255f);

    private static byte Mix(byte a, byte b, float t) => Channel(a + (b - a) * t);
}
