using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Encodings;

/// <summary>Device buffers for one pass, freed together once the device has finished with them.</summary>
internal sealed class EncodingScratch(Accelerator accelerator) : IDisposable
{
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> buffers = [];

    /// <summary>A new buffer of <paramref name="length"/> floats (≥ 1), uninitialised.</summary>
    public ArrayView<float> Allocate(long length)
    {
        var buffer = accelerator.Allocate1D<float>(length);
        buffers.Add(buffer);
        return buffer.View;
    }

    /// <summary>Waits for queued kernels, then frees every buffer.</summary>
    public void Dispose()
    {
        accelerator.Synchronize();
        foreach (var buffer in buffers) buffer.Dispose();
    }
}
