namespace TinyNN.Imaging;

/// <summary>
/// A built-in 5×7 pixel font for printable ASCII (32–126), drawn for TinyNN's plot titles and tick labels;
/// any other character draws as '?'.
/// </summary>
public static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Horizontal distance from one glyph to the next in font pixels (one pixel of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    private const char First = ' ', Last = '~';
    private const int GlyphsPerRow = 16;

    // ASCII 32..126 in order, 16 glyphs a block row: each glyph 5 columns ('#' on), glyphs separated by a space,
    // block rows of 7 lines separated by an empty line.
    private const string Glyphs = """
        ..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... ..... ..... ..... ..... .....
        ..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..... ..... ....#
        ..... ..#.. ..... ##### #.#.. ...#. #.#.. ..... .#... ...#. #.#.# ..#.. ..... ..... ..... ...#.
        ..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. ##### ..... ##### ..... ..#..
        ..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#.. .##.. ..... ..... .#...
        ..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#.. ..#.. ..... .##.. #....
        ..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... ..... .#... ..... .##.. .....

        .###. ..#.. .###. ##### ...#. ##### ..##. ##### .###. .###. ..... ..... ...#. ..... .#... .###.
        #...# .##.. #...# ...#. ..##. #.... .#... ....# #...# #...# .##.. .##.. ..#.. ..... ..#.. #...#
        #..## ..#.. ....# ..#.. .#.#. ####. #.... ...#. #...# #...# .##.. .##.. .#... ##### ...#. ....#
        #.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#.. .###. .#### ..... ..... #.... ..... ....# ...#.
        ##..# ..#.. ..#.. ....# ##### ....# #...# .#... #...# ....# .##.. .##.. .#... ##### ...#. ..#..
        #...# ..#.. .#... #...# ...#. #...# #...# .#... #...# ...#. .##.. ..#.. ..#.. ..... ..#.. .....
        .###. .###. ##### .###. ...#. .###. .###. .#... .###. .##.. ..... .#... ...#. ..... .#... ..#..

        .###. .###. ####. .###. ###.. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###.
        #...# #...# #...# #...# #..#. #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#
        ....# #...# #...# #.... #...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#
        .##.# ##### ####. #.... #...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#
        #.#.# #...# #...# #.... #...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#
        #.#.# #...# #...# #...# #..#. #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#
        .###. #...# ####. .###. ###.. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###.

        ####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###. ..... .###. ..#.. .....
        #...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#... #.... ...#. .#.#. .....
        #...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#... .#... ...#. #...# .....
        ####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#... ..#.. ...#. ..... .....
        #.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#... ...#. ...#. ..... .....
        #.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#... ....# ...#. ..... .....
        #.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###. ..... .###. ..... #####

        .#... ..... #.... ..... ....# ..... ..##. ..... #.... ..#.. ...#. #.... .##.. ..... ..... .....
        ..#.. ..... #.... ..... ....# ..... .#..# ..... #.... ..... ..... #.... ..#.. ..... ..... .....
        ..... .###. #.##. .###. .##.# .###. .#... .#### #.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###.
        ..... ....# ##..# #.... #..## #...# ###.. #...# ##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...#
        ..... .#### #...# #.... #...# ##### .#... .#### #...# ..#.. ...#. ##... ..#.. #.#.# #...# #...#
        ..... #...# #...# #...# #...# #.... .#... ....# #...# ..#.. #..#. #.#.. ..#.. #...# #...# #...#
        ..... .#### ####. .###. .#### .###. .#... .###. #...# .###. .##.. #..#. .###. #...# #...# .###.

        ..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ...#. ..#.. .#... .....
        ..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. .....
        ####. .##.# #.##. .###. ###.. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .#...
        #...# #..## ##..# #.... .#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. #.#.#
        ####. .#### #.... .###. .#... #...# #...# #.#.# ..#.. .#### ..#.. ..#.. ..#.. ..#.. ...#.
        #.... ....# #.... ....# .#..# #..## .#.#. #.#.# .#.#. ....# .#... ..#.. ..#.. ..#.. .....
        #.... ....# #.... ####. ..##. .##.# ..#.. .#.#. #...# .###. ##### ...#. ..#.. .#... .....
        """;

    // One byte a glyph row; bit 4 is the leftmost column.
    private static readonly byte[] Rows = Parse();

    /// <summary>Width in image pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (no trailing spacing).</summary>
    public static int MeasureWidth(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        return text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;
    }

    /// <summary>Whether font pixel (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/>'s glyph is set; row 0 is the top.</summary>
    public static bool IsSet(char c, int column, int row)
    {
        if ((uint)column >= GlyphWidth || (uint)row >= GlyphHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"glyph pixel ({column}, {row}) is outside 0..{GlyphWidth - 1} × 0..{GlyphHeight - 1}");
        }
        var glyph = c is >= First and <= Last ? c - First : '?' - First;
        return (Rows[glyph * GlyphHeight + row] & (1 << (GlyphWidth - 1 - column))) != 0;
    }

    internal static void CheckScale(int scale)
    {
        if (scale is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(scale), $"text scale must be 1..64 (got {scale})");
    }

    private static byte[] Parse()
    {
        var lines = Glyphs.Split('\n');
        var rows = new byte[(Last - First + 1) * GlyphHeight];
        for (var glyph = 0; glyph <= Last - First; glyph++)
        {
            for (var row = 0; row < GlyphHeight; row++)
            {
                var line = lines[glyph / GlyphsPerRow * (GlyphHeight + 1) + row];
                var start = glyph % GlyphsPerRow * Advance;
                for (var column = 0; column < GlyphWidth; column++)
                {
                    if (line[start + column] == '#') rows[glyph * GlyphHeight + row] |= (byte)(1 << (GlyphWidth - 1 - column));
                }
            }
        }
        return rows;
    }
}
