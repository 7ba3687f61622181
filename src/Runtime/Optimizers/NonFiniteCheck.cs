using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Optimizers;

/// <summary>
/// Flags NaN and ±∞ in device arrays (losses, gradients) without copying them: <see cref="Scan(ArrayView{float})"/> sets device flags,
/// <see cref="Read"/> copies two ints back. A trainer scans before the optimizer step and stops with a clear
/// message instead of writing non-finite weights into a checkpoint. Flags stay set until <see cref="Reset"/>.
/// </summary>
public sealed class NonFiniteCheck : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> flags;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>> scan;
    private readonly int[] host = new int[2];
    private bool disposed;

    /// <summary>Allocates the flags on <paramref name="device"/>, cleared.</summary>
    public NonFiniteCheck(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        flags = device.Accelerator.Allocate1D<int>(2);
        scan = device.LoadKernel<ArrayView<float>, ArrayView<int>>(Flag);
        Reset();
    }

    /// <summary>Clears the flags.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        flags.MemSetToZero();
    }

    /// <summary>Flags any NaN or ±∞ among the first <paramref name="count"/> values of <paramref name="data"/>.</summary>
    public void Scan(ArrayView<float> data, int count)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (count < 0 || count > data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"non-finite check: count must be 0..{data.Length} (the view's length) (got {count})");
        }
        if (count > 0) scan(count, data, flags.View);
    }

    /// <summary>Flags any NaN or ±∞ in <paramref name="data"/>.</summary>
    public void Scan(ArrayView<float> data)
    {
        if (data.Length > int.MaxValue)
        {
            throw new ArgumentException($"non-finite check: a view of {data.Length} floats exceeds {int.MaxValue}; scan it in parts", nameof(data));
        }
        Scan(data, (int)data.Length);
    }

    /// <summary>What the scans since the last <see cref="Reset"/> found (waits for them; copies 8 bytes).</summary>
    public NonFiniteKinds Read()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        flags.View.CopyToCPU(host);
        return (host[0] != 0 ? NonFiniteKinds.NaN : NonFiniteKinds.None) | (host[1] != 0 ? NonFiniteKinds.Infinity : NonFiniteKinds.None);
    }

    // Racing threads all store the same 1, so plain stores suffice (no atomics).
    private static void Flag(Index1D index, ArrayView<float> data, ArrayView<int> found)
    {
        var x = data[index];
        if (FloatBits.IsNaN(x)) found[0] = 1;
        else if (FloatBits.IsInfinity(x)) found[1] = 1;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        flags.Dispose();
    }
}
