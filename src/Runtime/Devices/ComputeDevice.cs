using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// An ILGPU context and accelerator, set up the way TinyNN's kernels need: O2 (O1 sends inline-PTX outputs
/// through local memory) and ILGPU.Algorithms (MathF.Exp/Log have no PTX intrinsic without it).
/// Dispose it to release the GPU.
/// </summary>
public sealed class ComputeDevice : IDisposable
{
    private ComputeDevice(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator kernels launch on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True on a CUDA GPU.</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>A one-line description, e.g. "CUDA: NVIDIA H100 80GB HBM3 (SM 9.0)".</summary>
    public string Description => IsCuda
        ? $"CUDA: {Accelerator.Name} (SM {((CudaAccelerator)Accelerator).Architecture})"
        : $"CPU: ILGPU CPU accelerator ({Environment.ProcessorCount} cores)";

    /// <summary>Opens the device <paramref name="kind"/> asks for; <see cref="DeviceKind.Auto"/> prefers CUDA.</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and no CUDA GPU is present.</exception>
    public static ComputeDevice Open(DeviceKind kind = DeviceKind.Auto)
    {
        var context = Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2).EnableAlgorithms().CPU();
            if (kind != DeviceKind.Cpu) builder.Cuda();
        });
        try
        {
            var cuda = context.GetCudaDevices();
            if (kind != DeviceKind.Cpu && cuda.Count > 0) return new ComputeDevice(context, cuda[0].CreateAccelerator(context));
            if (kind == DeviceKind.Cuda)
            {
                throw new InvalidOperationException("--device cuda: no CUDA GPU was found (use --device auto or cpu)");
            }
            // Parallel mode: simulated GPU threads run on a thread pool (the kernel-test setting).
            return new ComputeDevice(context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
