using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;

namespace TinyNN.Devices;

/// <summary>
/// Turns cached PTX back into the <see cref="PTXCompiledKernel"/> that ILGPU's CUDA accelerator loads, so that ILGPU itself
/// builds the launcher (argument marshaling of views and structs, group sizes) exactly as after a compilation.
/// ILGPU 1.5.3 has no public way to do this: <see cref="PTXCompiledKernel"/>'s only constructor is internal and
/// <see cref="PTXBackend"/> is sealed. The constructor is therefore found once by reflection, with its exact signature
/// (Context, EntryPoint, KernelInfo?, string); when it is missing (another ILGPU), <see cref="IsAvailable"/> is false and
/// kernels compile as without a cache. The entry point is built with public API from the kernel method and the shared-memory
/// specification, which <see cref="SharedMemoryOf"/> reads back from the PTX ILGPU wrote. docs/kernel-cache.md has the why.
/// </summary>
public static partial class PtxKernelImage
{
    private static readonly ConstructorInfo? Constructor = typeof(PTXCompiledKernel).GetConstructor(
        BindingFlags.NonPublic | BindingFlags.Instance, [typeof(Context), typeof(EntryPoint), typeof(CompiledKernel.KernelInfo), typeof(string)]);

    /// <summary>Whether this ILGPU has the constructor the cache rebuilds kernels with.</summary>
    public static bool IsAvailable => Constructor is not null;

    /// <summary>
    /// The shared-memory specification of a kernel from its PTX: ILGPU declares dynamic shared memory as one
    /// <c>.extern .shared</c> array exactly when the entry point has it, and each static allocation as a sized
    /// <c>.shared</c> array, whose sizes sum to the specification's static size.
    /// </summary>
    public static SharedMemorySpecification SharedMemoryOf(string ptx)
    {
        ArgumentNullException.ThrowIfNull(ptx);
        var staticBytes = 0;
        foreach (Match declaration in StaticSharedArray().Matches(ptx)) staticBytes += int.Parse(declaration.Groups[1].Value, CultureInfo.InvariantCulture);
        return new SharedMemorySpecification(staticBytes, DynamicSharedArray().IsMatch(ptx));
    }

    /// <summary>The cache entry of freshly compiled <paramref name="ptx"/> under <paramref name="key"/>.</summary>
    public static KernelCacheEntry Entry(string key, string ptx)
    {
        var shared = SharedMemoryOf(ptx);
        return new KernelCacheEntry(key, ptx, shared.StaticSize, shared.HasDynamicMemory);
    }

    /// <summary>
    /// The compiled kernel of <paramref name="kernel"/> in <paramref name="context"/> whose code is <paramref name="entry"/>'s
    /// PTX, ready for <c>Accelerator.LoadKernel</c> (explicitly grouped) or <c>LoadAutoGroupedKernel</c> (implicitly grouped).
    /// </summary>
    /// <exception cref="NotSupportedException">This ILGPU lacks the constructor (<see cref="IsAvailable"/> is false).</exception>
    public static PTXCompiledKernel Rebuild(Context context, MethodInfo kernel, bool explicitlyGrouped, KernelCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(entry);
        if (Constructor is null)
        {
            throw new NotSupportedException($"ILGPU {typeof(Context).Assembly.GetName().Version} has no PTXCompiledKernel(Context, EntryPoint, KernelInfo, string) constructor; run with TINYNN_CACHE=off");
        }
        var description = explicitlyGrouped ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel) : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        var entryPoint = new EntryPoint(description, new SharedMemorySpecification(entry.StaticSharedBytes, entry.DynamicShared), KernelSpecialization.Empty);
        return (PTXCompiledKernel)Constructor.Invoke([context, entryPoint, null, entry.Ptx]);
    }

    [GeneratedRegex(@"^\s*\.shared\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\];", RegexOptions.Multiline)]
    private static partial Regex StaticSharedArray();

    [GeneratedRegex(@"^\s*\.extern\s+\.shared\s", RegexOptions.Multiline)]
    private static partial Regex DynamicSharedArray();
}
