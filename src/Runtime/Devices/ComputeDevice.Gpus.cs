using ILGPU;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>Opening a chosen GPU, for data-parallel training over several (one ILGPU context and accelerator each).</summary>
public sealed partial class ComputeDevice
{
    /// <summary>How many CUDA GPUs ILGPU sees (0 without an NVIDIA driver).</summary>
    public static int CudaDeviceCount()
    {
        using var context = Context.Create(builder => builder.Cuda());
        return context.GetCudaDevices().Count;
    }

    /// <summary>
    /// The CUDA GPU of ordinal <paramref name="ordinal"/> (0 is what <see cref="Open(DeviceKind)"/> picks), in its own ILGPU context:
    /// accelerators of separate contexts share nothing, so one thread can drive several by binding each in turn.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No GPU of that ordinal; the message says how many there are.</exception>
    public static ComputeDevice OpenCuda(int ordinal)
    {
        // The same compiler options as Open (fast math; see there), so that every replica runs the same PTX, and the same kernel cache.
        var context = Context.Create(builder => ConfigureCompiler(builder).Cuda());
        try
        {
            var cuda = context.GetCudaDevices();
            if (ordinal < 0 || ordinal >= cuda.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ordinal), cuda.Count == 0
                    ? $"CUDA GPU {ordinal} was asked for, but no CUDA GPU was found"
                    : $"CUDA GPU ordinals are 0..{cuda.Count - 1} on this machine (got {ordinal})");
            }
            return new ComputeDevice(context, cuda[ordinal].CreateAccelerator(context), ExecutionMode.Cuda, KernelCacheSettings.FromEnvironment());
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>The CUDA device ordinal of this device, or null on the CPU paths.</summary>
    public int? CudaOrdinal => Accelerator is CudaAccelerator cuda ? cuda.DeviceId : null;
}
