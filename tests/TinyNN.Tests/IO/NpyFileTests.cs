using System.Buffers.Binary;
using System.Text;
using TinyNN.IO;

namespace TinyNN.Tests.IO;

/// <summary>
/// .npy reading and writing against bytes laid out as numpy writes them (numpy/lib/format.py: magic \x93NUMPY,
/// version, little-endian header length, a dict literal padded with spaces so the data starts at a multiple of
/// 64, ending in '\n'), built here by hand rather than by the code under test.
/// </summary>
public sealed class NpyFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tinynn-npy-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    /// <summary>A .npy file as numpy lays it out; <paramref name="growthSpaces"/> mimics numpy ≥ 1.24's spare room after the dict.</summary>
    private static byte[] NumpyBytes(string dict, byte[] data, int major = 1, int growthSpaces = 0, Encoding? encoding = null)
    {
        var lengthBytes = major == 1 ? 2 : 4;
        var text = dict + new string(' ', growthSpaces);
        var unpadded = text.Length + 1;
        var padding = 64 - (8 + lengthBytes + unpadded) % 64;
        var header = (encoding ?? Encoding.Latin1).GetBytes(text + new string(' ', padding) + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[lengthBytes];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Float32Bytes(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void WritesTheBytesNumpySaveWrites()
    {
        var path = PathOf("v.npy");
        NpyFile.Write(path, [1f, -2f], 2);

        // np.save("v.npy", np.array([1, -2], np.float32)) with numpy 1.x: 128 header bytes, then the data.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        var expected = new List<byte> { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00 };
        expected.AddRange(Encoding.ASCII.GetBytes(dict.PadRight(117) + "\n"));
        expected.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 });
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 3, 0 })]
    [InlineData(new[] { 0, 2, 2 })]
    public void RoundTripsEveryRankAndEmptyArrays(int[] shape)
    {
        var count = shape.Aggregate(1, (product, size) => product * size);
        var random = new Random(count + shape.Length);
        var special = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue };
        var data = Enumerable.Range(0, count).Select(i => i < special.Length ? special[i] : (float)(random.NextDouble() * 200 - 100)).ToArray();
        var path = PathOf("round.npy");

        NpyFile.Write(path, data, shape);
        var read = NpyFile.Read(path);

        Assert.Equal(shape, read.Shape);
        Assert.Equal(shape.Length, read.Rank);
        // Bitwise: NaN payloads and -0 must survive.
        Assert.Equal(data.Select(BitConverter.SingleToInt32Bits), read.Data.Select(BitConverter.SingleToInt32Bits));
        var bytes = File.ReadAllBytes(path);
        var dataStart = 10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, dataStart % 64);
        Assert.Equal((byte)'\n', bytes[dataStart - 1]);
        Assert.Equal(4 * count, bytes.Length - dataStart);
    }

    [Fact]
    public void ReadsTheHeaderNumpy124AndLaterWrite()
    {
        // numpy ≥ 1.24 leaves 21 − len(repr(shape[0])) spaces after the dict so the shape can grow in place.
        var path = WriteBytes("new.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Float32Bytes(1, 2, 3, 4, 5, 6), growthSpaces: 20));
        var array = NpyFile.Read(path);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], array.Data);
    }

    [Fact]
    public void ReadsVersion2And3Headers()
    {
        var v2 = NpyFile.Read(WriteBytes("v2.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", Float32Bytes(7, 8, 9), major: 2)));
        Assert.Equal([3], v2.Shape);
        Assert.Equal([7f, 8, 9], v2.Data);

        var v3 = NpyFile.Read(WriteBytes("v3.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", Float32Bytes(-1, 0.5f), major: 3, encoding: Encoding.UTF8)));
        Assert.Equal([1, 2], v3.Shape);
        Assert.Equal([-1f, 0.5f], v3.Data);
    }

    [Theory]
    [InlineData("{\"shape\": (2, 2), \"fortran_order\": False, \"descr\": \"<f4\"}")]
    [InlineData("{ 'fortran_order' : False , 'shape' : ( 2 , 2 , ) , 'descr' : '<f4' , }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 2L), }")]
    public void ParsesTheDictLiteralInAnyLayout(string dict)
    {
        var array = NpyFile.Read(WriteBytes("layout.npy", NumpyBytes(dict, Float32Bytes(1, 2, 3, 4))));
        Assert.Equal([2, 2], array.Shape);
        Assert.Equal([1f, 2, 3, 4], array.Data);
    }

    [Fact]
    public void ReadsAScalar()
    {
        var array = NpyFile.Read(WriteBytes("scalar.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Float32Bytes(3.25f))));
        Assert.Empty(array.Shape);
        Assert.Equal([3.25f], array.Data);
        Assert.Equal("[]", array.ShapeText);
    }

    [Fact]
    public void WritesVersion2WhenTheHeaderNeedsIt()
    {
        // 22,000 axes of size 1: the shape alone is 66,000 characters, beyond version 1.0's 16-bit length.
        var shape = Enumerable.Repeat(1, 22_000).ToArray();
        var path = PathOf("wide.npy");
        NpyFile.Write(path, [42f], shape);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(2, bytes[6]);
        var dataStart = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, dataStart % 64);
        var array = NpyFile.Read(path);
        Assert.Equal(shape, array.Shape);
        Assert.Equal([42f], array.Data);
    }

    [Fact]
    public void RejectsFloat64NamingTheFileAndBothDtypes()
    {
        var path = WriteBytes("d.npy", NumpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: dtype <f8 is not supported; TinyNN reads float32 arrays, dtype '<f4'", e.Message);
    }

    [Fact]
    public void RejectsBigEndianFloat32()
    {
        var path = WriteBytes("be.npy", NumpyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: dtype >f4 (big-endian float32) is not supported; TinyNN reads float32 arrays, dtype '<f4'", e.Message);
    }

    [Fact]
    public void RejectsAStructuredDtype()
    {
        var path = WriteBytes("s.npy", NumpyBytes("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: dtype [('x', '<f4'), ('y', '<f4')] is not supported; TinyNN reads float32 arrays, dtype '<f4'", e.Message);
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        var path = WriteBytes("f.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.StartsWith($"{path}: the array is in Fortran order", e.Message);
    }

    [Fact]
    public void TruncatedDataNamesExpectedAndActualBytes()
    {
        var path = WriteBytes("t.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100, 3), }", new byte[800]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: truncated: shape [100, 3] needs 1200 data bytes, the file has 800", e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        var whole = NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        var path = WriteBytes("th.npy", whole[..50]);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: truncated: the .npy header needs 118 bytes, the file has 40 after the header length", e.Message);
    }

    [Fact]
    public void ExtraBytesAfterTheDataAreReported()
    {
        var path = WriteBytes("x.npy", NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[12]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: 4 unexpected bytes after the 8 data bytes of shape [2]", e.Message);
    }

    [Fact]
    public void BadMagicIsNotANpyFile()
    {
        var path = WriteBytes("m.npy", Encoding.ASCII.GetBytes("PK\x03\x04 this is a zip, e.g. an .npz"));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: not a .npy file (it does not start with the magic bytes \\x93NUMPY)", e.Message);
    }

    [Fact]
    public void UnknownVersionIsReported()
    {
        var bytes = NumpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        bytes[6] = 4;
        var path = WriteBytes("v4.npy", bytes);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: .npy format version 4.0 is not supported; TinyNN reads 1.0, 2.0 and 3.0", e.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", "key 'fortran_order' is missing")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", "expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "expected an axis size")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", "expected ',' or '}'")]
    public void MalformedHeadersAreReportedNotCrashed(string dict, string problem)
    {
        var path = WriteBytes("h.npy", NumpyBytes(dict, new byte[4]));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.StartsWith($"{path}: malformed .npy header (", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        var path = PathOf("absent.npy");
        var e = Assert.Throws<FileNotFoundException>(() => NpyFile.Read(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void ExpectedShapeMismatchIsOneLine()
    {
        var path = PathOf("x.npy");
        NpyFile.Write(path, [1f, 2, 3, 4, 5], 5);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path, "[N, 3]"));
        Assert.Equal($"{path}: expected a float32 array of shape [N, 3], got shape [5] (dtype <f4)", e.Message);
    }

    [Fact]
    public void ExpectedShapeNamesBindConsistently()
    {
        var square = PathOf("square.npy");
        NpyFile.Write(square, new float[9], 3, 3);
        Assert.Equal([3, 3], NpyFile.Read(square, "[N, N]").Shape);
        Assert.Equal([3, 3], NpyFile.Read(square, "[N, 3]").Shape);

        var wide = PathOf("wide.npy");
        NpyFile.Write(wide, new float[12], 3, 4);
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(wide, "[N, N]"));
        Assert.Equal([3, 4], NpyFile.Read(wide, "[N, M]").Shape);
        Assert.Throws<ArgumentException>(() => NpyFile.Read(wide, "N, 3"));
        Assert.Throws<ArgumentException>(() => NpyFile.Read(wide, "[N, -3]"));
    }

    [Fact]
    public void WriteRejectsAShapeThatDisagreesWithTheData()
    {
        var path = PathOf("bad.npy");
        var e = Assert.Throws<ArgumentException>(() => NpyFile.Write(path, new float[10], 3, 4));
        Assert.StartsWith($"{path}: shape [3, 4] holds 12 values but the data has 10", e.Message);
        Assert.Throws<ArgumentException>(() => NpyFile.Write(path, new float[0], -1));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        var path = PathOf("replace.npy");
        NpyFile.Write(path, [1f, 2f, 3f], 3);
        NpyFile.Write(path, new NpyArray([4f, 5f], 2, 1));
        var array = NpyFile.Read(path);
        Assert.Equal([2, 1], array.Shape);
        Assert.Equal([4f, 5f], array.Data);
        Assert.Equal(["replace.npy"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteIntoAMissingFolderSaysSo()
    {
        var path = Path.Combine(folder, "nowhere", "x.npy");
        var e = Assert.Throws<DirectoryNotFoundException>(() => NpyFile.Write(path, [1f], 1));
        Assert.StartsWith($"{path}: folder ", e.Message);
    }

    [Fact]
    public void NpyArrayValidatesItsShape()
    {
        Assert.Throws<ArgumentException>(() => new NpyArray(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => new NpyArray(new float[0], 2, -1));
        Assert.Throws<ArgumentException>(() => new NpyArray(new float[0], 1 << 20, 1 << 20));
        Assert.Equal("[2, 3]", new NpyArray(new float[6], 2, 3).ShapeText);
    }
}
