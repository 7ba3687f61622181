using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>One grid configuration for the kernel tests: 3 levels, base 3, per-level scale 1.6, 32-entry hash tables (so hashed levels collide).</summary>
public sealed record GridCase(int Dims, int Features, GridType Type, GridInterpolation Interpolation, int Alignment = 1)
{
    public GridLayout Layout() => new(Dims, Type, 3, Features, 5, 3, 1.6f);

    public override string ToString() => $"D{Dims} F{Features} {Type} {Interpolation} align {Alignment}";
}

/// <summary>
/// Inputs for the kernel tests and the shared assertion on <see cref="GridPassCheck"/>. Inputs include the faces
/// 0 and 1 and points outside [0, 1], where vertex coordinates wrap; b's padding columns are NaN (ignored).
/// Tolerance: each output sums ≤ 16 corners × 8 features with weights ≤ 1 (or their scale-sized derivatives), a
/// few levels deep, with ±1 parameters; float32 rounding stays near 1e-6 of the norm, so 1e-5 bounds it.
/// </summary>
internal static class GridPassCases
{
    public const double Tolerance = 1e-5;

    public static void AssertMatchesReference(ComputeDevice device, GridCase c, int batch)
    {
        using var encoding = new GridEncoding(device, c.Layout(), c.Interpolation, c.Alignment);
        var random = new Random(c.Dims * 100 + c.Features * 10 + (int)c.Interpolation);
        var width = encoding.PaddedOutputWidth;
        var parameters = Vector(encoding.ParameterCount, random);
        var x = Inputs(c.Dims, batch, random);
        var b = Vector((long)batch * width, random);
        for (var i = 0; i < b.Length; i++)
        {
            if (i % width >= encoding.OutputWidth) b[i] = float.NaN;
        }
        var g = Vector((long)batch * c.Dims, random);
        var errors = GridPassCheck.Run(encoding, parameters, x, b, g, batch);
        for (var i = 0; i < errors.Length; i++)
        {
            Assert.True(errors[i] <= Tolerance,
                $"{c}: {GridPassCheck.Names[i]}: relative error {errors[i]:0.0e+0} (∞: not finite, or a padding column not exactly 0)");
        }
    }

    /// <summary>[batch, dims] positions: the first two samples from {0, 1, −0.3, 1.2}, the rest uniform in [0, 1).</summary>
    public static float[] Inputs(int dims, int batch, Random random)
    {
        float[] edges = [0f, 1f, -0.3f, 1.2f];
        var x = new float[batch * dims];
        for (var i = 0; i < x.Length; i++) x[i] = i / dims < 2 ? edges[(i + i / dims) % edges.Length] : (float)random.NextDouble();
        return x;
    }

    public static float[] Vector(long n, Random random) => [.. Enumerable.Range(0, (int)n).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    public static MemoryBuffer1D<float, Stride1D.Dense> Poisoned(Accelerator a, long n)
    {
        var m = a.Allocate1D<float>(n);
        m.MemSet(0xFF);
        return m;
    }
}
