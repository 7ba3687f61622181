using System.Globalization;
using System.Numerics;
using System.Text;
using TinyNN.Geometry;

namespace TinyNN.Tests.Geometry;

/// <summary>
/// PLY reading in all three formats from files written here byte by byte: mixed scalar types, skipped properties,
/// lists and elements, polygons, and malformed files (truncated, bad index, missing elements, bad header).
/// </summary>
public sealed class PlyReaderTests : IDisposable
{
    private readonly TestMeshes.TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    /// <summary>A typed value of a data record.</summary>
    private readonly record struct Value(string Type, double Number);

    private static Value V(string type, double number) => new(type, number);

    private const string MixedHeader = """
        comment vertices of mixed types, an extra vertex property, an element between vertex and face,
        comment and faces with a scalar before and a list after the index list
        element vertex 5
        property double x
        property float y
        property short z
        property uchar red
        element edge 1
        property int vertex1
        property int vertex2
        element face 2
        property uchar flags
        property list uint int vertex_indices
        property list uchar float texcoord
        """;

    private static readonly Value[][] MixedRecords =
    [
        [V("double", 0), V("float", 0), V("short", 0), V("uchar", 255)],
        [V("double", 1.5), V("float", 0), V("short", 0), V("uchar", 1)],
        [V("double", 1.5), V("float", -2.25f), V("short", 0), V("uchar", 2)],
        [V("double", 0), V("float", -2.25f), V("short", -3), V("uchar", 3)],
        [V("double", 0.1), V("float", 0.2f), V("short", 7), V("uchar", 4)],
        [V("int", 0), V("int", 1)],
        [V("uchar", 9), V("uint", 4), V("int", 0), V("int", 1), V("int", 2), V("int", 3), V("uchar", 2), V("float", 0.5f), V("float", 0.25f)],
        [V("uchar", 0), V("uint", 3), V("int", 4), V("int", 3), V("int", 1), V("uchar", 0)],
    ];

    private static readonly Vector3[] MixedVertices =
        [new(0, 0, 0), new(1.5f, 0, 0), new(1.5f, -2.25f, 0), new(0, -2.25f, -3), new(0.1f, 0.2f, 7)];

    private static readonly int[] MixedTriangles = [0, 1, 2, 0, 2, 3, 4, 3, 1];

    [Theory]
    [InlineData("ascii")]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    public void ReadsMixedTypesAndSkipsWhatItDoesNotNeed(string format)
    {
        var path = WritePly("mixed.ply", format, MixedHeader, MixedRecords);
        var mesh = MeshReader.Read(path);
        Assert.Equal(MixedVertices, mesh.Vertices.ToArray());
        Assert.Equal(MixedTriangles, mesh.Triangles.ToArray());
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("binary_big_endian")]
    public void AcceptsVertexIndexWithSignedCountAndNoTrailingNewline(string format)
    {
        const string header = """
            element vertex 3
            property float32 x
            property float32 y
            property float32 z
            element face 1
            property list int8 uint16 vertex_index
            """;
        Value[][] records =
        [
            [V("float", 0), V("float", 0), V("float", 0)],
            [V("float", 1), V("float", 0), V("float", 0)],
            [V("float", 0), V("float", 1), V("float", 0)],
            [V("char", 3), V("ushort", 0), V("ushort", 1), V("ushort", 2)],
        ];
        var path = WritePly("variant.ply", format, header, records, trailingNewline: false);
        Assert.Equal(new[] { 0, 1, 2 }, MeshReader.Read(path).Triangles.ToArray());
    }

    [Fact]
    public void TruncatedBinaryDataIsReportedAgainstTheHeaderCounts()
    {
        var path = WritePly("short.ply", "binary_little_endian", MixedHeader, MixedRecords);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains($"{path}: truncated: the header declares 5 vertex, 1 edge, 2 face", e.Message);
    }

    [Fact]
    public void BinaryDataEndingInsideAListIsReportedWhereItEnds()
    {
        // Lists are longer than the header's minimum estimate (one count each), so this passes the up-front check.
        var path = WritePly("cut.ply", "binary_big_endian", MixedHeader, MixedRecords);
        var bytes = File.ReadAllBytes(path);
        // The last face is flags (1 byte), count (4), indices (3 × 4), texcoord count (1): cutting 6 bytes leaves 3 of its second index.
        File.WriteAllBytes(path, bytes[..(bytes.Length - 6)]);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("element 'face' record 1 of 2, property 'vertex_indices': truncated: 4 more bytes needed but the file ends after 3", e.Message);
    }

    [Fact]
    public void TruncatedAsciiDataNamesTheLine()
    {
        var path = WritePly("short.ply", "ascii", MixedHeader, MixedRecords[..6]);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains($"{path} line 24, element 'face' record 0 of 2: the file ends here", e.Message);
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("binary_little_endian")]
    public void FaceIndexOutOfRangeIsRefused(string format)
    {
        var records = MixedRecords.ToArray();
        records[7] = [V("uchar", 0), V("uint", 3), V("int", 4), V("int", 5), V("int", 1), V("uchar", 0)];
        var path = WritePly("index.ply", format, MixedHeader, records);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains("element 'face' record 1 of 2, property 'vertex_indices': vertex index 5 is out of range 0..4 (the file has 5 vertices)", e.Message);
    }

    [Fact]
    public void AsciiExtraValueIsRefused()
    {
        var path = directory.File("extra.ply");
        File.WriteAllText(path, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n" +
                                "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0 5\n0 1 0\n3 0 1 2\n");
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains($"{path} line 11, element 'vertex' record 1 of 3: unexpected extra value '5'", e.Message);
    }

    [Theory]
    [InlineData("element face 1\nproperty list uchar int vertex_indices\n", "the header has no 'vertex' element")]
    [InlineData("element vertex 3\nproperty float x\nproperty float z\n", "the 'vertex' element has no scalar property 'y'")]
    [InlineData("element vertex 3\nproperty float x\nproperty float y\nproperty float z\n", "the header has no 'face' element")]
    [InlineData("element vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int corners\n",
        "the 'face' element has no list property 'vertex_indices'")]
    [InlineData("element vertex 3\nproperty half x\n", "line 4: unknown property type 'half'; accepted: char, uchar")]
    [InlineData("element vertex 3\nproperty list float int x\n", "line 4: list count type 'float' must be an integer type")]
    [InlineData("property float x\n", "line 3: a 'property' line comes before any 'element' line")]
    [InlineData("element vertex -3\n", "line 3: element 'vertex' count '-3' is not an integer")]
    [InlineData("elements vertex 3\n", "line 3: unknown header statement 'elements'")]
    public void MalformedHeadersAreRefused(string body, string message)
    {
        var path = directory.File("header.ply");
        File.WriteAllText(path, "ply\nformat ascii 1.0\n" + body + "end_header\n");
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("solid cube\n", "not a PLY file: the first line is 'solid cube', expected 'ply'")]
    [InlineData("", "the file is empty")]
    [InlineData("ply\nformat ascii 1.0\nelement vertex 3\n", "the header ends after line 3 without 'end_header'")]
    [InlineData("ply\nelement vertex 0\nend_header\n", "the header has no 'format' line")]
    [InlineData("ply\nformat binary_middle_endian 1.0\nend_header\n", "unknown format 'binary_middle_endian'; accepted: ascii, binary_little_endian, binary_big_endian")]
    public void NonPlyOrIncompleteHeadersAreRefused(string text, string message)
    {
        var path = directory.File("odd.ply");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ImpossibleRecordCountsAreRefusedBeforeAllocating()
    {
        var path = directory.File("huge.ply");
        File.WriteAllText(path, "ply\nformat binary_little_endian 1.0\nelement vertex 2000000000\nproperty float x\nproperty float y\n" +
                                "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n");
        var e = Assert.Throws<InvalidDataException>(() => MeshReader.Read(path));
        Assert.Contains("truncated: the header declares 2000000000 vertex, 1 face, at least 24000000001 bytes", e.Message);
    }

    /// <summary>Writes a PLY file: "ply", the format line, <paramref name="header"/>, "end_header", then the records in the format's encoding.</summary>
    private string WritePly(string name, string format, string header, Value[][] records, bool trailingNewline = true)
    {
        var path = directory.File(name);
        using var stream = File.Create(path);
        stream.Write(Encoding.ASCII.GetBytes($"ply\nformat {format} 1.0\n{header.ReplaceLineEndings("\n")}\nend_header\n"));
        for (var r = 0; r < records.Length; r++)
        {
            if (format == "ascii")
            {
                var line = string.Join(" ", records[r].Select(v => v.Number.ToString("R", CultureInfo.InvariantCulture)));
                stream.Write(Encoding.ASCII.GetBytes(line + (trailingNewline || r < records.Length - 1 ? "\n" : "")));
                continue;
            }
            foreach (var value in records[r]) stream.Write(Encode(value, format == "binary_big_endian"));
        }
        return path;
    }

    private static byte[] Encode(Value value, bool bigEndian)
    {
        var bytes = value.Type switch
        {
            "char" => new[] { (byte)(sbyte)value.Number },
            "uchar" => new[] { (byte)value.Number },
            "short" => BitConverter.GetBytes((short)value.Number),
            "ushort" => BitConverter.GetBytes((ushort)value.Number),
            "int" => BitConverter.GetBytes((int)value.Number),
            "uint" => BitConverter.GetBytes((uint)value.Number),
            "float" => BitConverter.GetBytes((float)value.Number),
            "double" => BitConverter.GetBytes(value.Number),
            _ => throw new ArgumentException($"unknown test type {value.Type}"),
        };
        if (bigEndian == BitConverter.IsLittleEndian) Array.Reverse(bytes);
        return bytes;
    }
}
