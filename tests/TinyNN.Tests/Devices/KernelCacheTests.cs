using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>Kernels with and without shared memory, small enough to compile to PTX in a moment.</summary>
public static class SharedMemoryKernels
{
    /// <summary>Reverses each group of 64 through a static shared array.</summary>
    public static void Static(ArrayView<float> y)
    {
        var tile = SharedMemory.Allocate<float>(64);
        tile[Group.IdxX] = y[Grid.GlobalIndex.X];
        Group.Barrier();
        y[Grid.GlobalIndex.X] = tile[63 - Group.IdxX];
    }

    /// <summary>The same through dynamic shared memory (sized at launch).</summary>
    public static void Dynamic(ArrayView<float> y)
    {
        var tile = SharedMemory.GetDynamic<float>();
        tile[Group.IdxX] = y[Grid.GlobalIndex.X];
        Group.Barrier();
        y[Grid.GlobalIndex.X] = tile[Group.DimX - 1 - Group.IdxX];
    }

    /// <summary>No shared memory: y ← 2y.</summary>
    public static void Double(Index1D i, ArrayView<float> y) => y[i] *= 2f;
}

/// <summary>The cache with real PTX (compiled offline, no GPU): a second process's lookup hits, and the kernel ILGPU loads is rebuilt exactly.</summary>
public sealed class KernelCacheTests : IDisposable
{
    private const string Target = "target: SM_90 ISA_83 driver test\n";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-kernel-cache-" + Guid.NewGuid().ToString("N"));

    private static MethodInfo Kernel(string name) => typeof(SharedMemoryKernels).GetMethod(name)!;

    [Fact]
    public void TheFirstLookupCompilesAndALaterCacheOnTheSameFolderHits()
    {
        using var compiler = new PtxCompiler();
        var compiled = 0;
        string Compile(MethodInfo kernel)
        {
            compiled++;
            return compiler.Compile(kernel, explicitlyGrouped: true);
        }

        var first = new KernelCache(new KernelCacheStore(directory, 1 << 20), Target);
        var written = first.GetOrCompile(Kernel(nameof(SharedMemoryKernels.Static)), true, Compile);
        Assert.Equal((0, 1, 1), (first.Hits, first.Misses, compiled));
        Assert.Contains("kernel cache: 0 hits, 1 miss", first.Summary());

        // A new cache on the same folder stands for the next process.
        var second = new KernelCache(new KernelCacheStore(directory, 1 << 20), Target);
        var read = second.GetOrCompile(Kernel(nameof(SharedMemoryKernels.Static)), true, Compile);
        Assert.Equal((1, 0, 1), (second.Hits, second.Misses, compiled));
        Assert.Equal(written, read);
        Assert.Contains(".visible .entry Kernel_Static", read.Ptx);
        Assert.Equal("kernel cache: 1 hit, 0 misses", second.Summary());

        // Another GPU or driver is another key: compiled again, both entries kept.
        var other = new KernelCache(new KernelCacheStore(directory, 1 << 20), "target: SM_80 ISA_83 driver test\n");
        other.GetOrCompile(Kernel(nameof(SharedMemoryKernels.Static)), true, Compile);
        Assert.Equal((0, 1, 2), (other.Hits, other.Misses, compiled));
        Assert.Equal(2, other.Store.Usage().Entries);
    }

    [Fact]
    public void ACorruptedEntryIsRecompiled()
    {
        using var compiler = new PtxCompiler();
        var store = new KernelCacheStore(directory, 1 << 20);
        var cache = new KernelCache(store, Target);
        var kernel = Kernel(nameof(SharedMemoryKernels.Double));
        var written = cache.GetOrCompile(kernel, false, method => compiler.Compile(method));
        var path = store.PathOf(written.Key);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x20; // one flipped bit in the PTX
        File.WriteAllBytes(path, bytes);

        var next = new KernelCache(new KernelCacheStore(directory, 1 << 20), Target);
        var recompiled = next.GetOrCompile(kernel, false, method => compiler.Compile(method));
        Assert.Equal((0, 1, 1), (next.Hits, next.Misses, next.Store.Rejected));
        // ILGPU numbers PTX names per context, so a second compilation in one context differs in names only.
        Assert.Equal(written.Key, recompiled.Key);
        Assert.Contains(".visible .entry Kernel_Double", recompiled.Ptx);
        Assert.Equal(recompiled, new KernelCacheStore(directory, 1 << 20).TryRead(written.Key)); // stored intact again
    }

    [Theory]
    [InlineData(nameof(SharedMemoryKernels.Static), true)]
    [InlineData(nameof(SharedMemoryKernels.Dynamic), true)]
    [InlineData(nameof(SharedMemoryKernels.Double), false)]
    public void TheSharedMemoryReadFromPtxIsIlgpusAndTheRebuiltKernelMatchesTheCompiledOne(string name, bool explicitlyGrouped)
    {
        using var context = Context.Create(builder => ComputeDevice.ConfigureCompiler(builder));
        using var backend = new PTXBackend(context, new ILGPU.Runtime.Cuda.CudaCapabilityContext(ILGPU.Runtime.Cuda.CudaArchitecture.SM_90), ILGPU.Runtime.Cuda.CudaArchitecture.SM_90, ILGPU.Runtime.Cuda.CudaInstructionSet.ISA_83, null);
        var kernel = Kernel(name);
        var description = explicitlyGrouped ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel) : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        var compiled = (PTXCompiledKernel)backend.Compile(description, KernelSpecialization.Empty);
        var ilgpuShared = EntryPointOf(compiled).SharedMemory; // internal in ILGPU: read here only to check the PTX reading

        var entry = PtxKernelImage.Entry("key", compiled.PTXAssembly);
        Assert.Equal((ilgpuShared.StaticSize, ilgpuShared.HasDynamicMemory), (entry.StaticSharedBytes, entry.DynamicShared));
        Assert.Equal(name switch { "Static" => (256, false), "Dynamic" => (0, true), _ => (0, false) }, (entry.StaticSharedBytes, entry.DynamicShared));

        Assert.True(PtxKernelImage.IsAvailable);
        var rebuilt = PtxKernelImage.Rebuild(context, kernel, explicitlyGrouped, entry);
        Assert.Equal(compiled.PTXAssembly, rebuilt.PTXAssembly);
        Assert.Equal(compiled.Name, rebuilt.Name);
        Assert.Equal(compiled.IndexType, rebuilt.IndexType);
        Assert.Equal(compiled.NumParameters, rebuilt.NumParameters);
        var rebuiltEntryPoint = EntryPointOf(rebuilt);
        Assert.Equal(EntryPointOf(compiled).Parameters.ParameterTypes.Select(type => type.FullName), rebuiltEntryPoint.Parameters.ParameterTypes.Select(type => type.FullName));
        Assert.Equal(ilgpuShared.StaticSize, rebuiltEntryPoint.SharedMemory.StaticSize);
        Assert.Equal(ilgpuShared.HasDynamicMemory, rebuiltEntryPoint.SharedMemory.HasDynamicMemory);
    }

    private static EntryPoint EntryPointOf(CompiledKernel kernel) =>
        (EntryPoint)typeof(CompiledKernel).GetProperty("EntryPoint", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(kernel)!;

    [Fact]
    public void TheCpuDevicesHaveNoCacheAndRefuseAcceleratorKernelsOnTheFastPath()
    {
        using var device = ComputeDevice.Open(DeviceKind.Cpu, new KernelCacheSettings(true, directory, 1 << 20));
        Assert.Null(device.KernelCache); // no PTX off CUDA
        var error = Assert.Throws<InvalidOperationException>(() => device.LoadExplicitlyGroupedKernel(Kernel(nameof(SharedMemoryKernels.Static))));
        Assert.Contains("SharedMemoryKernels.Static", error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void TheSimulatorLoadsAcceleratorKernelsThroughIlgpu()
    {
        using var device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 2);
        Assert.Null(device.KernelCache);
        var reverse = device.LoadExplicitlyGroupedKernel<Action<AcceleratorStream, KernelConfig, ArrayView<float>>>(Kernel(nameof(SharedMemoryKernels.Static)));
        var twice = device.LoadAutoGroupedKernel(Kernel(nameof(SharedMemoryKernels.Double)))
            .CreateLauncherDelegate<Action<AcceleratorStream, Index1D, ArrayView<float>>>();
        using var buffer = device.Accelerator.Allocate1D(Enumerable.Range(0, 128).Select(i => (float)i).ToArray());
        reverse(device.Accelerator.DefaultStream, new KernelConfig(2, 64), buffer.View);
        twice(device.Accelerator.DefaultStream, 128, buffer.View);
        device.Accelerator.Synchronize();
        Assert.Equal(Enumerable.Range(0, 128).Select(i => 2f * (i / 64 * 64 + 63 - i % 64)), buffer.GetAsArray1D());
    }

    [Fact]
    public void PrepareRunsEveryLoadAndNamesANullOne()
    {
        using var device = ComputeDevice.Open(DeviceKind.Cpu, new KernelCacheSettings(false, directory, 1 << 20));
        var ran = 0;
        device.Prepare([() => Interlocked.Increment(ref ran), () => Interlocked.Increment(ref ran)]);
        Assert.Equal(2, ran);
        Assert.Contains("loads[1] is null", Assert.Throws<ArgumentException>(() => device.Prepare([() => { }, null!])).Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
