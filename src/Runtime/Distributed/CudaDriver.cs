using System.Runtime.InteropServices;

namespace TinyNN.Distributed;

/// <summary>
/// The CUDA driver calls (libcuda.so.1) that bridge ILGPU and NCCL. ILGPU makes its own context with cuCtxCreate,
/// while NCCL's initialisation calls cudaSetDevice and so works in the device's primary context; memory, streams and
/// kernels of one context are not usable from another. The bridge keeps NCCL wholly in the primary context (its own
/// stream and staging buffer there) and crosses over with cuMemcpyPeerAsync and events, which the driver allows
/// between contexts.
/// </summary>
internal sealed unsafe class CudaDriver
{
    private const uint StreamNonBlocking = 1, EventDisableTiming = 2;

    private static readonly Lazy<CudaDriver> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly delegate* unmanaged<int*, int, int> deviceGet;
    private readonly delegate* unmanaged<IntPtr*, int, int> primaryCtxRetain;
    private readonly delegate* unmanaged<int, int> primaryCtxRelease;
    private readonly delegate* unmanaged<IntPtr*, int> ctxGetCurrent;
    private readonly delegate* unmanaged<IntPtr, int> ctxSetCurrent;
    private readonly delegate* unmanaged<IntPtr*, uint, int> streamCreate;
    private readonly delegate* unmanaged<IntPtr, int> streamDestroy, streamSynchronize;
    private readonly delegate* unmanaged<IntPtr, IntPtr, uint, int> streamWaitEvent;
    private readonly delegate* unmanaged<IntPtr*, uint, int> eventCreate;
    private readonly delegate* unmanaged<IntPtr, int> eventDestroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> eventRecord;
    private readonly delegate* unmanaged<ulong*, nuint, int> memAlloc;
    private readonly delegate* unmanaged<ulong, int> memFree;
    private readonly delegate* unmanaged<ulong, IntPtr, ulong, IntPtr, nuint, IntPtr, int> memcpyPeerAsync;
    private readonly delegate* unmanaged<int, byte**, int> getErrorString;

    private CudaDriver(IntPtr handle)
    {
        deviceGet = (delegate* unmanaged<int*, int, int>)NativeLibrary.GetExport(handle, "cuDeviceGet");
        primaryCtxRetain = (delegate* unmanaged<IntPtr*, int, int>)NativeLibrary.GetExport(handle, "cuDevicePrimaryCtxRetain");
        primaryCtxRelease = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, "cuDevicePrimaryCtxRelease_v2");
        ctxGetCurrent = (delegate* unmanaged<IntPtr*, int>)NativeLibrary.GetExport(handle, "cuCtxGetCurrent");
        ctxSetCurrent = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(handle, "cuCtxSetCurrent");
        streamCreate = (delegate* unmanaged<IntPtr*, uint, int>)NativeLibrary.GetExport(handle, "cuStreamCreate");
        streamDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(handle, "cuStreamDestroy_v2");
        streamSynchronize = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(handle, "cuStreamSynchronize");
        streamWaitEvent = (delegate* unmanaged<IntPtr, IntPtr, uint, int>)NativeLibrary.GetExport(handle, "cuStreamWaitEvent");
        eventCreate = (delegate* unmanaged<IntPtr*, uint, int>)NativeLibrary.GetExport(handle, "cuEventCreate");
        eventDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(handle, "cuEventDestroy_v2");
        eventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(handle, "cuEventRecord");
        memAlloc = (delegate* unmanaged<ulong*, nuint, int>)NativeLibrary.GetExport(handle, "cuMemAlloc_v2");
        memFree = (delegate* unmanaged<ulong, int>)NativeLibrary.GetExport(handle, "cuMemFree_v2");
        memcpyPeerAsync = (delegate* unmanaged<ulong, IntPtr, ulong, IntPtr, nuint, IntPtr, int>)NativeLibrary.GetExport(handle, "cuMemcpyPeerAsync");
        getErrorString = (delegate* unmanaged<int, byte**, int>)NativeLibrary.GetExport(handle, "cuGetErrorString");
    }

    /// <summary>The process-wide driver binding.</summary>
    /// <exception cref="NcclUnavailableException">No libcuda.so.1 (no NVIDIA driver).</exception>
    public static CudaDriver Instance => Shared.Value;

    private static CudaDriver Load() =>
        NativeLibrary.TryLoad("libcuda.so.1", out var handle) || NativeLibrary.TryLoad("libcuda.so", out handle)
            ? new CudaDriver(handle)
            : throw new NcclUnavailableException("multi-GPU training needs the NVIDIA driver's libcuda.so.1, which could not be loaded");

    /// <summary>The primary context of CUDA device <paramref name="ordinal"/>, retained (release with <see cref="ReleasePrimaryContext"/>).</summary>
    public IntPtr RetainPrimaryContext(int ordinal)
    {
        int device;
        Check("cuDeviceGet", deviceGet(&device, ordinal));
        IntPtr context;
        Check("cuDevicePrimaryCtxRetain", primaryCtxRetain(&context, device));
        return context;
    }

    /// <summary>Releases a <see cref="RetainPrimaryContext"/>.</summary>
    public void ReleasePrimaryContext(int ordinal)
    {
        int device;
        Check("cuDeviceGet", deviceGet(&device, ordinal));
        Check("cuDevicePrimaryCtxRelease", primaryCtxRelease(device));
    }

    /// <summary>The context current on this thread (null when none).</summary>
    public IntPtr CurrentContext
    {
        get
        {
            IntPtr context;
            Check("cuCtxGetCurrent", ctxGetCurrent(&context));
            return context;
        }
    }

    /// <summary>Makes <paramref name="context"/> current on this thread.</summary>
    public void SetCurrent(IntPtr context) => Check("cuCtxSetCurrent", ctxSetCurrent(context));

    /// <summary>A non-blocking stream in the current context.</summary>
    public IntPtr CreateStream()
    {
        IntPtr stream;
        Check("cuStreamCreate", streamCreate(&stream, StreamNonBlocking));
        return stream;
    }

    /// <summary>Destroys a stream of the current context.</summary>
    public void DestroyStream(IntPtr stream) => Check("cuStreamDestroy", streamDestroy(stream));

    /// <summary>Waits on the host for a stream's work.</summary>
    public void Synchronize(IntPtr stream) => Check("cuStreamSynchronize", streamSynchronize(stream));

    /// <summary>An event without timing in the current context.</summary>
    public IntPtr CreateEvent()
    {
        IntPtr e;
        Check("cuEventCreate", eventCreate(&e, EventDisableTiming));
        return e;
    }

    /// <summary>Destroys an event.</summary>
    public void DestroyEvent(IntPtr e) => Check("cuEventDestroy", eventDestroy(e));

    /// <summary>Records <paramref name="e"/> on <paramref name="stream"/> (both of the current context).</summary>
    public void Record(IntPtr e, IntPtr stream) => Check("cuEventRecord", eventRecord(e, stream));

    /// <summary>Makes <paramref name="stream"/> wait for <paramref name="e"/>, which may belong to another context.</summary>
    public void Wait(IntPtr stream, IntPtr e) => Check("cuStreamWaitEvent", streamWaitEvent(stream, e, 0));

    /// <summary>Device memory of <paramref name="bytes"/> in the current context.</summary>
    public ulong Allocate(long bytes)
    {
        ulong pointer;
        Check("cuMemAlloc", memAlloc(&pointer, (nuint)bytes));
        return pointer;
    }

    /// <summary>Frees <see cref="Allocate"/>'s memory.</summary>
    public void Free(ulong pointer) => Check("cuMemFree", memFree(pointer));

    /// <summary>Copies <paramref name="bytes"/> between memory of two contexts, ordered on <paramref name="stream"/>.</summary>
    public void CopyAsync(ulong destination, IntPtr destinationContext, ulong source, IntPtr sourceContext, long bytes, IntPtr stream) =>
        Check("cuMemcpyPeerAsync", memcpyPeerAsync(destination, destinationContext, source, sourceContext, (nuint)bytes, stream));

    private void Check(string call, int result)
    {
        if (result == 0) return;
        byte* text = null;
        var description = getErrorString(result, &text) == 0 && text != null ? Marshal.PtrToStringUTF8((IntPtr)text) : "unknown error";
        throw new InvalidOperationException($"{call} failed: CUDA error {result}: {description}");
    }
}
