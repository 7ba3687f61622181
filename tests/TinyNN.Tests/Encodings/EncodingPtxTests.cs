using System.Reflection;
using System.Text.RegularExpressions;
using TinyNN.Devices;
using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// Every encoding kernel compiles to PTX for the H100 (SM 9.0) without a GPU: no float64 arithmetic (a double literal
/// or Math call would slow it many times), no local memory (arrays or spills), and the device math inlined.
/// </summary>
public sealed class EncodingPtxTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in AllKernels()) data.Add(Describe(kernel));
        return data;
    }

    [Theory, MemberData(nameof(Kernels))]
    public void KernelCompilesToFloat32PtxWithoutLocalMemory(string name)
    {
        var kernel = AllKernels().Single(k => Describe(k) == name);
        using var compiler = new PtxCompiler();
        var ptx = compiler.Compile(kernel);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), "the device math must inline completely");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), "a double literal or Math call leaked float64 arithmetic into the kernel");
    }

    private static string Describe(MethodInfo kernel) =>
        $"{kernel.DeclaringType!.Name}.{kernel.Name}{(kernel.IsGenericMethod ? $"<{kernel.GetGenericArguments()[0].Name}>" : "")}";

    private static IEnumerable<MethodInfo> AllKernels()
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Type[] bases = [typeof(IdentityBasis), typeof(FrequencyBasis), typeof(OneBlobBasis), typeof(TriangleWaveBasis)];
        foreach (var method in typeof(PerDimensionKernels).GetMethods(flags))
        {
            foreach (var basis in bases) yield return method.MakeGenericMethod(basis);
        }
        foreach (var method in typeof(SphericalHarmonicsKernels).GetMethods(flags)) yield return method;
        foreach (var method in typeof(CompositeEncodingKernels).GetMethods(flags)) yield return method;
    }
}
