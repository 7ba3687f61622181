using System.Globalization;
using System.Text;

namespace TinyNN.Geometry;

/// <summary>How a PLY file stores its data after the header.</summary>
internal enum PlyFormat
{
    Ascii,
    BinaryLittleEndian,
    BinaryBigEndian,
}

/// <summary>The PLY scalar types, each under its two spellings (char/int8, …, double/float64).</summary>
internal enum PlyScalar
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Float32,
    Float64,
}

/// <summary>A property of a PLY element: a scalar, or a list (<see cref="CountType"/> set) of <see cref="Type"/> values.</summary>
internal sealed record PlyProperty(string Name, PlyScalar Type, PlyScalar? CountType)
{
    public bool IsList => CountType.HasValue;
}

/// <summary>A PLY element: <see cref="Count"/> records of <see cref="Properties"/>, in file order.</summary>
internal sealed record PlyElement(string Name, int Count, List<PlyProperty> Properties);

/// <summary>The parsed header of a PLY file: its format, its elements in order, and where its data starts.</summary>
internal sealed class PlyHeader
{
    private const string AcceptedTypes = "char, uchar, short, ushort, int, uint, float, double, int8, uint8, int16, uint16, int32, uint32, float32, float64";

    private PlyHeader(PlyFormat format, List<PlyElement> elements, int dataOffset, int lineCount)
    {
        Format = format;
        Elements = elements;
        DataOffset = dataOffset;
        LineCount = lineCount;
    }

    public PlyFormat Format { get; }

    public List<PlyElement> Elements { get; }

    /// <summary>The byte offset of the first data byte, just after the 'end_header' line.</summary>
    public int DataOffset { get; }

    /// <summary>Lines in the header, 'end_header' included, so that ASCII data lines can be numbered as in the file.</summary>
    public int LineCount { get; }

    /// <summary>The declared record counts, e.g. "8 vertex, 12 face", for messages.</summary>
    public string ElementCounts => string.Join(", ", Elements.Select(e => $"{e.Count} {e.Name}"));

    public static int Size(PlyScalar type) => type switch
    {
        PlyScalar.Int8 or PlyScalar.UInt8 => 1,
        PlyScalar.Int16 or PlyScalar.UInt16 => 2,
        PlyScalar.Int32 or PlyScalar.UInt32 or PlyScalar.Float32 => 4,
        _ => 8,
    };

    public static PlyHeader Parse(byte[] bytes, string path)
    {
        PlyFormat? format = null;
        var elements = new List<PlyElement>();
        var position = 0;
        var lineNumber = 0;
        while (true)
        {
            if (position >= bytes.Length)
            {
                throw new InvalidDataException(lineNumber == 0
                    ? $"{path}: the file is empty; expected a PLY file starting with 'ply'"
                    : $"{path}: the header ends after line {lineNumber} without 'end_header' (truncated file?)");
            }
            var end = Array.IndexOf(bytes, (byte)'\n', position);
            var next = end < 0 ? bytes.Length : end + 1;
            var line = Encoding.ASCII.GetString(bytes, position, (end < 0 ? bytes.Length : end) - position).Trim();
            position = next;
            lineNumber++;
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

            if (lineNumber == 1)
            {
                if (line != "ply") throw new InvalidDataException($"{path}: not a PLY file: the first line is '{Shorten(line)}', expected 'ply'");
                continue;
            }
            if (words.Length == 0) continue;
            switch (words[0])
            {
                case "comment" or "obj_info":
                    break;
                case "format":
                    format = ParseFormat(words, path, lineNumber);
                    break;
                case "element":
                    elements.Add(ParseElement(words, path, lineNumber));
                    break;
                case "property":
                    if (elements.Count == 0) throw Error(path, lineNumber, "a 'property' line comes before any 'element' line");
                    var element = elements[^1];
                    var property = ParseProperty(words, path, lineNumber);
                    if (element.Properties.Exists(p => p.Name == property.Name))
                    {
                        throw Error(path, lineNumber, $"element '{element.Name}' declares property '{property.Name}' twice");
                    }
                    element.Properties.Add(property);
                    break;
                case "end_header":
                    if (format is null) throw new InvalidDataException($"{path}: the header has no 'format' line; expected 'format ascii 1.0', 'format binary_little_endian 1.0' or 'format binary_big_endian 1.0'");
                    return new PlyHeader(format.Value, elements, position, lineNumber);
                default:
                    throw Error(path, lineNumber, $"unknown header statement '{Shorten(words[0])}'; expected format, element, property, comment, obj_info or end_header");
            }
        }
    }

    private static PlyFormat ParseFormat(string[] words, string path, int lineNumber)
    {
        if (words.Length != 3) throw Error(path, lineNumber, "expected 'format <ascii|binary_little_endian|binary_big_endian> <version>'");
        return words[1] switch
        {
            "ascii" => PlyFormat.Ascii,
            "binary_little_endian" => PlyFormat.BinaryLittleEndian,
            "binary_big_endian" => PlyFormat.BinaryBigEndian,
            _ => throw Error(path, lineNumber, $"unknown format '{Shorten(words[1])}'; accepted: ascii, binary_little_endian, binary_big_endian"),
        };
    }

    private static PlyElement ParseElement(string[] words, string path, int lineNumber)
    {
        if (words.Length != 3) throw Error(path, lineNumber, "expected 'element <name> <count>'");
        if (!long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > int.MaxValue)
        {
            throw Error(path, lineNumber, $"element '{words[1]}' count '{Shorten(words[2])}' is not an integer in 0..{int.MaxValue}");
        }
        return new PlyElement(words[1], (int)count, []);
    }

    private static PlyProperty ParseProperty(string[] words, string path, int lineNumber)
    {
        if (words.Length >= 2 && words[1] == "list")
        {
            if (words.Length != 5) throw Error(path, lineNumber, "expected 'property list <count type> <item type> <name>'");
            var countType = ParseType(words[2], path, lineNumber);
            if (countType is PlyScalar.Float32 or PlyScalar.Float64)
            {
                throw Error(path, lineNumber, $"list count type '{words[2]}' must be an integer type (uchar, ushort, uint, char, short, int)");
            }
            return new PlyProperty(words[4], ParseType(words[3], path, lineNumber), countType);
        }
        if (words.Length != 3) throw Error(path, lineNumber, "expected 'property <type> <name>' or 'property list <count type> <item type> <name>'");
        return new PlyProperty(words[2], ParseType(words[1], path, lineNumber), null);
    }

    private static PlyScalar ParseType(string word, string path, int lineNumber) => word switch
    {
        "char" or "int8" => PlyScalar.Int8,
        "uchar" or "uint8" => PlyScalar.UInt8,
        "short" or "int16" => PlyScalar.Int16,
        "ushort" or "uint16" => PlyScalar.UInt16,
        "int" or "int32" => PlyScalar.Int32,
        "uint" or "uint32" => PlyScalar.UInt32,
        "float" or "float32" => PlyScalar.Float32,
        "double" or "float64" => PlyScalar.Float64,
        _ => throw Error(path, lineNumber, $"unknown property type '{Shorten(word)}'; accepted: {AcceptedTypes}"),
    };

    /// <summary>A header line of a binary file may be garbage; keep messages readable.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static InvalidDataException Error(string path, int lineNumber, string message) => new($"{path} line {lineNumber}: {message}");
}
