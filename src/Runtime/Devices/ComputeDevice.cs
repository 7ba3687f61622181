using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// An ILGPU context and accelerator, set up the way TinyNN's kernels need: O2 (O1 sends inline-PTX outputs
/// through local memory) and ILGPU.Algorithms (MathF.Exp/Log have no PTX intrinsic without it).
/// Without a GPU, kernels run on the CPU fast path (<see cref="ExecutionMode.CpuParallel"/>); ILGPU's thread
/// simulator (<see cref="OpenCpuSimulator"/>) is for kernel tests. Dispose it to release the GPU.
/// </summary>
public sealed partial class ComputeDevice : IDisposable
{
    private ComputeDevice(Context context, Accelerator accelerator, ExecutionMode mode, KernelCacheSettings? cacheSettings = null)
    {
        Context = context;
        Accelerator = accelerator;
        Mode = mode;
        KernelCache = OpenKernelCache(cacheSettings);
    }

    /// <summary>How kernels run: CUDA, the CPU fast path or the CPU simulator.</summary>
    public ExecutionMode Mode { get; }

    /// <summary>
    /// Whether the GPU has TF32 tensor cores (CUDA, SM 8.0 or newer): the tiled MLP passes and parameter-gradient GEMMs
    /// then multiply on them (<see cref="TinyNN.Networks.Tf32"/>); older GPUs run the SIMT products.
    /// </summary>
    public bool TensorCores => Mode == ExecutionMode.Cuda && Accelerator is CudaAccelerator cuda && cuda.Architecture >= CudaArchitecture.SM_80;

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator that owns buffers and streams (on the CPU paths, host memory).</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True on a CUDA GPU.</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>A one-line description, e.g. "CUDA: NVIDIA H100 80GB HBM3 (SM 9.0)".</summary>
    public string Description => Mode switch
    {
        ExecutionMode.Cuda => $"CUDA: {Accelerator.Name} (SM {((CudaAccelerator)Accelerator).Architecture})",
        ExecutionMode.CpuParallel => $"CPU: {Environment.ProcessorCount} cores (Parallel.For fast path)",
        _ => "CPU: ILGPU thread simulator (kernel tests)",
    };

    /// <summary>
    /// Opens the device <paramref name="kind"/> asks for; <see cref="DeviceKind.Auto"/> prefers CUDA. On CUDA, kernels go
    /// through the persistent kernel cache the environment describes (<see cref="KernelCacheSettings.FromEnvironment"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and no CUDA GPU is present.</exception>
    /// <exception cref="ArgumentException">A TINYNN_CACHE* variable holds a value outside what it accepts.</exception>
    public static ComputeDevice Open(DeviceKind kind = DeviceKind.Auto) => Open(kind, KernelCacheSettings.FromEnvironment());

    /// <summary>Opens the device <paramref name="kind"/> asks for, with the kernel cache <paramref name="cacheSettings"/> describes (used on CUDA only).</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and no CUDA GPU is present.</exception>
    public static ComputeDevice Open(DeviceKind kind, KernelCacheSettings cacheSettings)
    {
        ArgumentNullException.ThrowIfNull(cacheSettings);
        var context = Context.Create(builder =>
        {
            ConfigureCompiler(builder).CPU();
            if (kind != DeviceKind.Cpu) builder.Cuda();
        });
        try
        {
            var cuda = context.GetCudaDevices();
            if (kind != DeviceKind.Cpu && cuda.Count > 0) return new ComputeDevice(context, cuda[0].CreateAccelerator(context), ExecutionMode.Cuda, cacheSettings);
            if (kind == DeviceKind.Cuda)
            {
                throw new InvalidOperationException("--device cuda: no CUDA GPU was found (use --device auto or cpu)");
            }
            // The CPU accelerator only provides host memory here; kernels are called directly (LoadKernel).
            return new ComputeDevice(context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel), ExecutionMode.CpuParallel);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator running kernels as simulated GPU threads: for kernel tests at small sizes. Groups hold
    /// up to <paramref name="warpsPerGroup"/> warps of 32 simulated threads (each an OS thread, so keep it small).
    /// </summary>
    public static ComputeDevice OpenCpuSimulator(int warpsPerGroup = 1)
    {
        if (warpsPerGroup is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(warpsPerGroup), $"warps per group must be 1..32 (got {warpsPerGroup})");
        var context = Context.Create(builder => builder.Optimize(OptimizationLevel.O2).EnableAlgorithms().CPU(new CPUDevice(32, warpsPerGroup, 1)));
        try
        {
            return new ComputeDevice(context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel), ExecutionMode.CpuSimulator);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The compiler options of every TinyNN context, the device's and those that compile PTX beside it (<see cref="PtxCompiler"/>),
    /// so that their PTX is the same.
    /// </summary>
    internal static Context.Builder ConfigureCompiler(Context.Builder builder) =>
        // Fast math on the GPU: float division becomes div.approx (2 ulp) instead of div.rn's correctly rounded
        // subroutine with its slow-path branch, which was a third of the tiled passes' elementwise steps (σ′ of
        // Softplus, Sigmoid and Tanh divides). It also flushes denormals to zero in every float operation (.ftz)
        // and makes sqrt (Adam's √v) sqrt.approx; ex2/lg2 were approximations already. Every pass stays checked
        // against float64 at 1e-4 on the GPU (tinynn mlp-check, check_models.py). The CPU paths run .NET math.
        builder.Optimize(OptimizationLevel.O2).EnableAlgorithms().Math(MathMode.Fast);

    /// <summary>What <see cref="ConfigureCompiler"/> enables that ILGPU keeps out of its public context properties (part of every cache key).</summary>
    internal const string CompilerExtensions = "ILGPU.Algorithms enabled";

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeCompilers();
        Accelerator.Dispose();
        Context.Dispose();
    }
}
