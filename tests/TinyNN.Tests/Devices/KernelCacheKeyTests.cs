using System.Reflection;
using ILGPU;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>Kernels to key.</summary>
public static class KeyedKernels
{
    /// <summary>A kernel generic over an activation, as the fused networks are.</summary>
    public static void Evaluate<TActivation>(Index1D i, ArrayView<float> y) where TActivation : struct, IActivation => y[i] = TActivation.Forward(y[i]);

    /// <summary>A second kernel of the same signature.</summary>
    public static void Negate(Index1D i, ArrayView<float> y) => y[i] = -y[i];
}

/// <summary>A key changes whenever anything that changes the code does: kernel, generic arguments, grouping, assemblies, target.</summary>
public sealed class KernelCacheKeyTests
{
    private const string Target = "target: SM_90 ISA_83 driver 12.8\n";
    private const string Evaluate = nameof(KeyedKernels.Evaluate);
    private const string Negate = nameof(KeyedKernels.Negate);

    private static MethodInfo Kernel(string name, params Type[] arguments)
    {
        var method = typeof(KeyedKernels).GetMethod(name)!;
        return arguments.Length == 0 ? method : method.MakeGenericMethod(arguments);
    }

    [Fact]
    public void TheSameKernelAndTargetGiveTheSameKey() =>
        Assert.Equal(KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), false, Target), KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), false, Target));

    [Fact]
    public void EveryPartOfTheKernelChangesTheKey()
    {
        var keys = new[]
        {
            KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), false, Target),
            KernelCacheKey.For(Kernel(Evaluate, typeof(ReLU)), false, Target), // generic argument
            KernelCacheKey.For(Kernel(Negate), false, Target), // method
            KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), true, Target), // grouping
            KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), false, "target: SM_80 ISA_83 driver 12.8\n"), // target
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void TheKeyHoldsTheMvidOfEveryAssemblyTheKernelCanReach()
    {
        // The kernel's own assembly (the tests), its generic argument's (TinyNN.Activations), and those they reference:
        // a rebuild of any of them (a new MVID under deterministic builds) makes a new key.
        var key = KernelCacheKey.For(Kernel(Evaluate, typeof(Softplus)), false, Target);
        foreach (var assembly in new[] { typeof(KernelCacheKeyTests).Assembly, typeof(Softplus).Assembly, typeof(ComputeDevice).Assembly, typeof(Context).Assembly,
                     typeof(ILGPU.Algorithms.XMath).Assembly })
        {
            Assert.Contains($"{assembly.GetName().Name} {assembly.GetName().Version} {assembly.ManifestModule.ModuleVersionId}", key);
        }
        Assert.DoesNotContain("System.Private.CoreLib", key); // the framework is keyed by the runtime line instead
        Assert.Contains($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}", key);
    }

    [Fact]
    public void EveryPartOfTheTargetChangesTheKey()
    {
        using var o2 = Context.Create(builder => ComputeDevice.ConfigureCompiler(builder));
        using var o1 = Context.Create(builder => ComputeDevice.ConfigureCompiler(builder).Optimize(OptimizationLevel.O1));
        using var precise = Context.Create(builder => ComputeDevice.ConfigureCompiler(builder).Math(MathMode.Default));
        var targets = new[]
        {
            KernelCacheKey.Target("SM_90", "ISA_83", "12.8", o2, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_80", "ISA_83", "12.8", o2, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_90", "ISA_88", "12.8", o2, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_90", "ISA_83", "13.0", o2, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_90", "ISA_83", "12.8", o1, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_90", "ISA_83", "12.8", precise, ComputeDevice.CompilerExtensions),
            KernelCacheKey.Target("SM_90", "ISA_83", "12.8", o2, "no extensions"),
        };
        Assert.Equal(targets.Length, targets.Distinct().Count());
        Assert.Contains("OptimizationLevel=O2", targets[0]);
        Assert.Contains("MathMode=Fast", targets[0]);
        Assert.Contains($"ilgpu: {typeof(Context).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion}", targets[0]);
    }

    [Fact]
    public void AnOpenGenericKernelIsRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => KernelCacheKey.For(typeof(KeyedKernels).GetMethod(Evaluate)!, false, Target));
        Assert.Contains("Evaluate", error.Message);
        Assert.Contains("closed", error.Message);
    }
}
