using ILGPU.Runtime.Cuda;
using TinyNN.Devices;

namespace TinyNN.Distributed;

/// <summary>
/// What one local NCCL rank holds: the ILGPU side (context, stream), the primary-context side NCCL works in (context,
/// stream, staging buffer), the two events that order them, and the communicator.
/// </summary>
internal sealed class NcclRankResources
{
    private NcclRankResources(int deviceId, IntPtr ilgpuContext, IntPtr ilgpuStream, IntPtr primaryContext)
    {
        DeviceId = deviceId;
        IlgpuContext = ilgpuContext;
        IlgpuStream = ilgpuStream;
        PrimaryContext = primaryContext;
    }

    /// <summary>The CUDA device ordinal.</summary>
    public int DeviceId { get; }

    /// <summary>ILGPU's context (CudaAccelerator.NativePtr, made by cuCtxCreate).</summary>
    public IntPtr IlgpuContext { get; }

    /// <summary>ILGPU's default stream (CudaStream.StreamPtr), which every TinyNN kernel is launched on.</summary>
    public IntPtr IlgpuStream { get; }

    /// <summary>The device's primary context, retained.</summary>
    public IntPtr PrimaryContext { get; }

    /// <summary>NCCL's stream, in the primary context.</summary>
    public IntPtr Stream { get; private set; }

    /// <summary>The gradient's copy that NCCL reduces, in the primary context.</summary>
    public ulong Staging { get; private set; }

    /// <summary>Recorded on the ILGPU stream once the gradient is complete.</summary>
    public IntPtr GradientReady { get; private set; }

    /// <summary>Recorded on NCCL's stream once the sum is back in the gradient.</summary>
    public IntPtr SumReady { get; private set; }

    /// <summary>The NCCL communicator (null until initialised).</summary>
    public IntPtr Communicator { get; set; }

    /// <summary>Retains the primary context of <paramref name="device"/> and makes the stream, staging buffer and events.</summary>
    public static NcclRankResources Create(CudaDriver driver, ComputeDevice device, int deviceId, long count)
    {
        var cuda = (CudaAccelerator)device.Accelerator;
        var stream = (CudaStream)cuda.DefaultStream;
        var resources = new NcclRankResources(deviceId, cuda.NativePtr, stream.StreamPtr, driver.RetainPrimaryContext(deviceId));
        try
        {
            driver.SetCurrent(resources.IlgpuContext);
            resources.GradientReady = driver.CreateEvent();
            driver.SetCurrent(resources.PrimaryContext);
            resources.Stream = driver.CreateStream();
            resources.SumReady = driver.CreateEvent();
            resources.Staging = driver.Allocate(count * sizeof(float));
            return resources;
        }
        catch
        {
            resources.Release(null, driver, abort: true);
            throw;
        }
    }

    /// <summary>Destroys (or, after an error, aborts) the communicator and frees the rest; the caller restores the current context.</summary>
    public void Release(NcclLibrary? nccl, CudaDriver driver, bool abort)
    {
        if (Communicator != IntPtr.Zero && nccl is not null)
        {
            driver.SetCurrent(PrimaryContext);
            if (Stream != IntPtr.Zero && !abort) driver.Synchronize(Stream);
            if (abort) nccl.CommAbort(Communicator);
            else nccl.CommDestroy(Communicator);
            Communicator = IntPtr.Zero;
        }
        driver.SetCurrent(PrimaryContext);
        if (Staging != 0) driver.Free(Staging);
        if (SumReady != IntPtr.Zero) driver.DestroyEvent(SumReady);
        if (Stream != IntPtr.Zero) driver.DestroyStream(Stream);
        Staging = 0;
        SumReady = IntPtr.Zero;
        Stream = IntPtr.Zero;
        if (GradientReady != IntPtr.Zero)
        {
            driver.SetCurrent(IlgpuContext);
            driver.DestroyEvent(GradientReady);
            GradientReady = IntPtr.Zero;
        }
        driver.ReleasePrimaryContext(DeviceId);
    }
}
