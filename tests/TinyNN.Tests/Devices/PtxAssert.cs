using System.Reflection;
using System.Text.RegularExpressions;
using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>Compiles a kernel to SM 9.0 PTX without a GPU and checks it is GPU-ready: inlined, float32, no local memory.</summary>
internal static class PtxAssert
{
    public static void CompilesCleanly(MethodInfo kernel)
    {
        using var compiler = new PtxCompiler();
        var ptx = compiler.Compile(kernel);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), $"{kernel.Name}: every call must inline");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), $"{kernel.Name}: float64 arithmetic leaked into the kernel");
    }

    public static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{type.Name}.{name} not found");
}
