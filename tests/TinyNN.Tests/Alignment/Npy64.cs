using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// Reads the oracle's float64 .npy files (NpyFile in the runtime reads float32 only): format 1.0–3.0, "&lt;f8",
/// C order. Anything else fails the test with the file's name.
/// </summary>
internal static partial class Npy64
{
    public static (double[] Data, int[] Shape) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 10 && bytes[0] == 0x93 && Encoding.ASCII.GetString(bytes, 1, 5) == "NUMPY", $"{path}: not a .npy file");
        var major = bytes[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var headerStart = major == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        Assert.Contains("'descr': '<f8'", header);
        Assert.Contains("'fortran_order': False", header);
        var shapeText = ShapePattern().Match(header);
        Assert.True(shapeText.Success, $"{path}: no shape in header {header}");
        int[] shape = [.. shapeText.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
        var count = shape.Aggregate(1L, (product, n) => product * n);
        var dataStart = headerStart + headerLength;
        Assert.Equal(count * sizeof(double), bytes.Length - dataStart);
        var data = new double[count];
        for (var i = 0; i < count; i++) data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(dataStart + i * sizeof(double)));
        return (data, shape);
    }

    [GeneratedRegex(@"'shape': \(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
