using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// Hints that bring global memory into the GPU's L2 cache ahead of the loads that need it (PTX
/// <c>prefetch.global.L2</c>). The tiled passes read their kept vectors in rounds that each wait for memory, and only
/// 16 warps an SM are there to hide that wait: asking for a whole region at once overlaps its DRAM latency, so the
/// rounds then wait for L2 instead. ILGPU gives kernels no addresses, so the host passes each buffer's device address
/// (<see cref="AddressOf"/>) next to its view. A hint changes no result; off CUDA, or with address 0, it is nothing.
/// </summary>
public static class L2Prefetch
{
    /// <summary>
    /// Host: the device address (bytes) of the view's first element when it lives on a CUDA accelerator; 0 otherwise
    /// (an empty view, a CPU or simulator buffer), which turns the prefetches that use it off.
    /// </summary>
    public static long AddressOf(ArrayView<float> view)
    {
        if (!view.IsValid || view.Length == 0) return 0;
        var buffer = ((IArrayView)view).Buffer;
        return buffer.AcceleratorType == AcceleratorType.Cuda ? buffer.NativePtr.ToInt64() + ((IContiguousArrayView)view).IndexInBytes : 0;
    }

    /// <summary>Device: asks L2 for the 128-byte line that holds byte <paramref name="address"/> (nothing when 0 or off CUDA).</summary>
    public static void Line(long address)
    {
        if (CudaAsm.IsSupported && address != 0) CudaAsm.Emit("prefetch.global.L2 [%0];", address);
    }
}
