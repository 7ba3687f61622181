using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

// Kernel loading through the persistent kernel cache on CUDA (docs/kernel-cache.md), and parallel compilation.
public sealed partial class ComputeDevice
{
    // PTX compilers beside the device's context: ILGPU compiles one kernel at a time per context, and its accelerator
    // holds a lock while it compiles, so concurrent loads (Prepare) each take a compiler of their own from here.
    private readonly ConcurrentBag<PtxCompiler> compilers = [];

    // ILGPU builds launchers with unsynchronised caches (its argument mapper's type map): loads into the accelerator go one at a time.
    private readonly Lock acceleratorLoad = new();

    // One kernel a method and grouping per device, as ILGPU's own in-process cache gives (a network and its parts may share one).
    private readonly ConcurrentDictionary<(MethodInfo Kernel, bool ExplicitlyGrouped), Lazy<Kernel>> loadedKernels = new();

    // Set inside Prepare's concurrent loads: there the driver's PTX JIT is run ahead, outside the one-at-a-time load.
    private readonly AsyncLocal<bool> preparing = new();

    /// <summary>
    /// The persistent kernel cache: on CUDA unless TINYNN_CACHE=off (or this ILGPU lacks what the cache needs), else null.
    /// Its <see cref="KernelCache.Hits"/> and <see cref="KernelCache.Misses"/> tell whether a run compiled.
    /// </summary>
    public KernelCache? KernelCache { get; }

    /// <summary>
    /// How many kernels <see cref="Prepare"/> compiles at once: up to 8 under the server garbage collector, one under the
    /// workstation collector. ILGPU's compiler allocates heavily, and with the workstation collector concurrent compiles
    /// mostly wait on each other's collections: on an H100 machine (16 cores) 8 contexts took 34 s of wall time for what
    /// one context compiled in 35 s; on 2 cores two contexts took 18.5 s against 15.8 s in one, and 11.3 s against 14.1 s
    /// under the server collector (docs/kernel-cache.md). The tinynn tool runs with the server collector; an application
    /// opts in with &lt;ServerGarbageCollection&gt;true&lt;/ServerGarbageCollection&gt;.
    /// </summary>
    public static int CompileParallelism => System.Runtime.GCSettings.IsServerGC ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1;

    /// <summary>
    /// Loads an implicitly grouped kernel (first parameter an Index1D/2D/3D, a closed static method) with ILGPU's automatic
    /// group size, through the kernel cache on CUDA. Launch it through <c>CreateLauncherDelegate</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">On the CPU fast path, which calls kernels directly (use <c>LoadKernel</c>).</exception>
    public Kernel LoadAutoGroupedKernel(MethodInfo kernel) => LoadAcceleratorKernel(kernel, explicitlyGrouped: false);

    /// <summary>
    /// Loads an explicitly grouped kernel (first parameter not an index: Group/Grid indices, shared memory; a closed static
    /// method), through the kernel cache on CUDA. Launch it through <c>CreateLauncherDelegate</c> with a KernelConfig.
    /// </summary>
    /// <exception cref="InvalidOperationException">On the CPU fast path, which has no thread groups.</exception>
    public Kernel LoadExplicitlyGroupedKernel(MethodInfo kernel) => LoadAcceleratorKernel(kernel, explicitlyGrouped: true);

    /// <summary>
    /// Loads an explicitly grouped kernel (see <see cref="LoadExplicitlyGroupedKernel(MethodInfo)"/>) and returns its launcher,
    /// e.g. <c>Action&lt;AcceleratorStream, KernelConfig, MlpViews, int, int&gt;</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">On the CPU fast path, which has no thread groups.</exception>
    public TLauncher LoadExplicitlyGroupedKernel<TLauncher>(MethodInfo kernel) where TLauncher : Delegate =>
        LoadExplicitlyGroupedKernel(kernel).CreateLauncherDelegate<TLauncher>();

    /// <summary>
    /// Runs <paramref name="loads"/> (each loads one or more kernels through this device) concurrently when kernels compile
    /// through the kernel cache, in up to <see cref="CompileParallelism"/> separate ILGPU contexts; otherwise one by one.
    /// Kernels already cached load in milliseconds either way.
    /// </summary>
    /// <exception cref="ArgumentException">An element of <paramref name="loads"/> is null.</exception>
    public void Prepare(IEnumerable<Action> loads)
    {
        ArgumentNullException.ThrowIfNull(loads);
        var actions = loads.ToList();
        if (actions.IndexOf(null!) is var missing and >= 0) throw new ArgumentException($"loads[{missing}] is null (every element must be an action)", nameof(loads));
        if (KernelCache is null || actions.Count < 2 || CompileParallelism == 1)
        {
            foreach (var action in actions) action();
            return;
        }
        try
        {
            Parallel.ForEach(actions, new ParallelOptions { MaxDegreeOfParallelism = CompileParallelism }, action =>
            {
                preparing.Value = true;
                try
                {
                    action();
                }
                finally
                {
                    preparing.Value = false;
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private Kernel LoadAcceleratorKernel(MethodInfo kernel, bool explicitlyGrouped)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            throw new InvalidOperationException($"{kernel.DeclaringType?.Name}.{kernel.Name}: the CPU fast path has no accelerator kernels; "
                + "load it with LoadKernel (called directly under Parallel.For) or open a CUDA device or the CPU simulator");
        }
        if (KernelCache is null)
        {
            return explicitlyGrouped ? Accelerator.LoadKernel(kernel) : Accelerator.LoadAutoGroupedKernel(kernel);
        }
        return loadedKernels.GetOrAdd((kernel, explicitlyGrouped), key => new Lazy<Kernel>(() => LoadCachedKernel(key.Kernel, key.ExplicitlyGrouped))).Value;
    }

    private Kernel LoadCachedKernel(MethodInfo kernel, bool explicitlyGrouped)
    {
        var entry = KernelCache!.GetOrCompile(kernel, explicitlyGrouped, method => CompilePtx(method, explicitlyGrouped));
        if (preparing.Value) WarmDriverJit(entry.Ptx);
        lock (acceleratorLoad)
        {
            var compiled = PtxKernelImage.Rebuild(Context, kernel, explicitlyGrouped, entry);
            return explicitlyGrouped ? Accelerator.LoadKernel(compiled) : Accelerator.LoadAutoGroupedKernel(compiled);
        }
    }

    /// <summary>
    /// Loads <paramref name="ptx"/> into a throw-away module, so that the driver JITs it to SASS now, concurrently with the
    /// other loads of <see cref="Prepare"/>, and keeps the result in its compute cache; the load into ILGPU (one at a time)
    /// then finds it there. Failures are left for that load to report.
    /// </summary>
    private void WarmDriverJit(string ptx)
    {
        Accelerator.Bind(); // the driver loads modules into the context current on the calling thread
        if (CudaAPI.CurrentAPI.LoadModule(out var module, ptx) == CudaError.CUDA_SUCCESS) CudaAPI.CurrentAPI.DestroyModule(module);
    }

    /// <summary>Compiles <paramref name="kernel"/> to PTX for this GPU in a compiler context no other thread is using.</summary>
    private string CompilePtx(MethodInfo kernel, bool explicitlyGrouped)
    {
        var cuda = (CudaAccelerator)Accelerator;
        if (!compilers.TryTake(out var compiler)) compiler = new PtxCompiler(cuda.Architecture, cuda.InstructionSet);
        try
        {
            return compiler.Compile(kernel, explicitlyGrouped);
        }
        finally
        {
            compilers.Add(compiler);
        }
    }

    private KernelCache? OpenKernelCache(KernelCacheSettings? settings)
    {
        if (Mode != ExecutionMode.Cuda || settings is not { Enabled: true } || !PtxKernelImage.IsAvailable) return null;
        var cuda = (CudaAccelerator)Accelerator;
        var target = KernelCacheKey.Target(cuda.Architecture.ToString(), cuda.InstructionSet.ToString(), cuda.DriverVersion.ToString(), Context, CompilerExtensions);
        return new KernelCache(new KernelCacheStore(settings.Directory, settings.MaxBytes), target);
    }

    private void DisposeCompilers()
    {
        while (compilers.TryTake(out var compiler)) compiler.Dispose();
    }
}
