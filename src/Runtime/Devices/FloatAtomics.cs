using ILGPU;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// Atomic float addition for kernels that also run on the host (CPU fast path, simulator). On a GPU it is the
/// hardware atomic; on the host ILGPU's Atomic.Add retries its compare-exchange while the old and observed values
/// differ as floats, which never ends once the slot holds NaN, so a diverging step would hang instead of failing.
/// This one compares bit patterns there, so NaN propagates and the step finishes; the caller's finiteness check
/// (Trainer.CheckFinite, which tinynn sdf runs whenever it logs and before it saves) then reports it. That makes
/// divergence handling the same on every device, with no per-step check. (CudaAsm.IsSupported is a constant per
/// backend, so the GPU kernel keeps only the hardware atomic.)
/// </summary>
public static class FloatAtomics
{
    /// <summary>data[index] += value, atomically.</summary>
    public static void Add(ArrayView<float> data, long index, float value)
    {
        if (CudaAsm.IsSupported)
        {
            Atomic.Add(ref data[index], value);
            return;
        }
        var bits = data.Cast<uint>();
        var observed = bits[index];
        uint expected;
        do
        {
            expected = observed;
            observed = Atomic.CompareExchange(ref bits[index], expected, Interop.FloatAsInt(Interop.IntAsFloat(expected) + value));
        }
        while (observed != expected);
    }
}
