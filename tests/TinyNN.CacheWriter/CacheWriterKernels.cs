using System.Reflection;
using ILGPU;

namespace TinyNN.CacheWriter;

/// <summary>Small kernels and targets whose cache entries two writer processes fill and read at once.</summary>
public static class CacheWriterKernels
{
    /// <summary>The kernels: tiny, so that compiling them to PTX takes a moment.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } =
        [.. new[] { nameof(Scale), nameof(Add), nameof(Square) }.Select(name => typeof(CacheWriterKernels).GetMethod(name)!)];

    /// <summary>Stand-ins for three GPUs: each kernel has an entry per target.</summary>
    public static IReadOnlyList<string> Targets { get; } = ["target: writer-a\n", "target: writer-b\n", "target: writer-c\n"];

    /// <summary>y ← a·y.</summary>
    public static void Scale(Index1D i, ArrayView<float> y, float a) => y[i] *= a;

    /// <summary>y ← y + x.</summary>
    public static void Add(Index1D i, ArrayView<float> y, ArrayView<float> x) => y[i] += x[i];

    /// <summary>y ← y².</summary>
    public static void Square(Index1D i, ArrayView<float> y) => y[i] *= y[i];
}
