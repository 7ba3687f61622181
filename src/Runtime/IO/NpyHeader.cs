using System.Globalization;
using System.Text;

namespace TinyNN.IO;

/// <summary>
/// The header of a .npy file: the Python dict literal numpy writes, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (5, 3), }</c>. Parsed as a literal (any key order,
/// either quote, spaces, trailing commas, Python 2's <c>3L</c>), not by pattern matching.
/// </summary>
internal sealed class NpyHeader
{
    private readonly string text;
    private readonly string file;
    private int position;

    private NpyHeader(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    /// <summary>The dtype as written: '&lt;f4' for little-endian float32, or the literal of a structured dtype.</summary>
    public string Descr { get; private set; } = "";

    /// <summary>True when the data is in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; private set; }

    /// <summary>The axis sizes as written (not yet range-checked).</summary>
    public IReadOnlyList<long> Shape { get; private set; } = [];

    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="file"/>.</summary>
    public static NpyHeader Parse(string text, string file)
    {
        var header = new NpyHeader(text, file);
        header.ParseDict();
        return header;
    }

    private void ParseDict()
    {
        Expect('{');
        var seen = new HashSet<string>();
        while (Peek() != '}')
        {
            var key = ReadString();
            Expect(':');
            if (!seen.Add(key)) throw Error($"key '{key}' appears twice");
            switch (key)
            {
                case "descr":
                    Descr = Peek() is '\'' or '"' ? ReadString() : SkipValue();
                    break;
                case "fortran_order":
                    FortranOrder = ReadBool();
                    break;
                case "shape":
                    Shape = ReadShape();
                    break;
                default:
                    throw Error($"unexpected key '{key}'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
            }
            if (Peek() == ',') position++;
            else if (Peek() != '}') throw Error($"expected ',' or '}}' at {Where()}");
        }
        position++;
        foreach (var required in new[] { "descr", "fortran_order", "shape" })
        {
            if (!seen.Contains(required)) throw Error($"key '{required}' is missing");
        }
        if (Peek() != '\0') throw Error($"unexpected text after the dict at {Where()}");
    }

    private List<long> ReadShape()
    {
        Expect('(');
        var sizes = new List<long>();
        while (Peek() != ')')
        {
            sizes.Add(ReadInteger());
            if (Peek() == ',') position++;
            else if (Peek() != ')') throw Error($"expected ',' or ')' in the shape at {Where()}");
        }
        position++;
        return sizes;
    }

    private long ReadInteger()
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        if (start == position) throw Error($"expected an axis size at {Where()}");
        var digits = text[start..position];
        if (position < text.Length && text[position] is 'L' or 'l') position++;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"axis size {digits} is too large");
        }
        return value;
    }

    private bool ReadBool()
    {
        SkipSpaces();
        foreach (var (word, value) in new[] { ("True", true), ("False", false) })
        {
            if (string.CompareOrdinal(text, position, word, 0, word.Length) == 0)
            {
                position += word.Length;
                return value;
            }
        }
        throw Error($"expected True or False for 'fortran_order' at {Where()}");
    }

    private string ReadString()
    {
        var quote = Peek();
        if (quote is not ('\'' or '"')) throw Error($"expected a quoted key at {Where()}");
        position++;
        var value = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            if (text[position] == '\\' && position + 1 < text.Length) position++;
            value.Append(text[position++]);
        }
        if (position >= text.Length) throw Error("unterminated string");
        position++;
        return value.ToString();
    }

    /// <summary>Skips a nested literal (a structured dtype's list) and returns its text for the error message.</summary>
    private string SkipValue()
    {
        SkipSpaces();
        var start = position;
        var depth = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (c is '\'' or '"') { ReadString(); continue; }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) break;
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
            position++;
        }
        return text[start..position].Trim();
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Error($"expected '{c}' at {Where()}");
        position++;
    }

    /// <summary>The next character after spaces, or '\0' at the end.</summary>
    private char Peek()
    {
        SkipSpaces();
        return position < text.Length ? text[position] : '\0';
    }

    private void SkipSpaces()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    private string Where() => position < text.Length ? $"header character {position + 1} ('{text[position]}')" : "the end of the header";

    private InvalidDataException Error(string problem) => new($"{file}: malformed .npy header ({problem}): {text.TrimEnd()}");
}
