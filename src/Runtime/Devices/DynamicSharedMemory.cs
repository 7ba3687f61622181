using System.Runtime.InteropServices;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// Dynamic shared memory beyond 48 KB a group. CUDA launches a kernel with more only after the kernel has opted in
/// (cuFuncSetAttribute with CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES), which ILGPU 1.5.3 does not expose: its
/// CudaKernel gives the function handle, and the driver's entry point is called here. Elsewhere (the CPU simulator) there
/// is no such limit.
/// </summary>
internal static unsafe class DynamicSharedMemory
{
    /// <summary>What a kernel may use without opting in.</summary>
    public const int DefaultLimit = 48 * 1024;

    private const int MaxDynamicSharedSizeBytes = 8;

    private static readonly Lazy<IntPtr> SetAttribute = new(() =>
        (NativeLibrary.TryLoad("libcuda.so.1", out var handle) || NativeLibrary.TryLoad("nvcuda.dll", out handle))
        && NativeLibrary.TryGetExport(handle, "cuFuncSetAttribute", out var function) ? function : IntPtr.Zero);

    /// <summary>The most a group may ask for on this device (one SM's shared memory less the 1 KB CUDA reserves a group).</summary>
    public static int Limit(ComputeDevice device) =>
        device.Accelerator is CudaAccelerator cuda ? cuda.MaxSharedMemoryPerMultiprocessor - 1024 : int.MaxValue;

    /// <summary>Lets <paramref name="kernel"/> launch with up to <paramref name="bytes"/> of dynamic shared memory.</summary>
    /// <exception cref="InvalidOperationException">The driver refused (the message names its error code).</exception>
    public static void Allow(Kernel kernel, int bytes)
    {
        if (kernel is not CudaKernel cuda || bytes <= DefaultLimit) return;
        var function = SetAttribute.Value;
        if (function == IntPtr.Zero) throw new InvalidOperationException("the CUDA driver's cuFuncSetAttribute could not be found (libcuda.so.1 / nvcuda.dll)");
        var status = ((delegate* unmanaged<IntPtr, int, int, int>)function)(cuda.FunctionPtr, MaxDynamicSharedSizeBytes, bytes);
        if (status != 0)
        {
            throw new InvalidOperationException($"cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES, {bytes}) failed with CUDA error {status}");
        }
    }
}
