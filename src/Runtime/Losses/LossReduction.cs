using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// Sum or mean of a device array into one device float, deterministically (fixed order, Kahan-compensated, no
/// atomics), so a trainer copies a single float when it wants to log. With tcnn's normalisation the batch loss is
/// the <see cref="Sum"/> of a loss's values. Create one per device and reuse it: it owns a small scratch buffer.
/// </summary>
public sealed class LossReduction : IDisposable
{
    // First pass: this many threads, each summing a strided slice (coalesced reads); second pass: one thread.
    private const int Partials = 1024;

    private readonly MemoryBuffer1D<float, Stride1D.Dense> partials;
    private readonly Action<Index1D, ArrayView<float>, int, ArrayView<float>> partialSums;
    private readonly Action<Index1D, ArrayView<float>, int, float, ArrayView<float>> finalSum;
    private bool disposed;

    /// <summary>Binds the reduction to <paramref name="device"/>.</summary>
    public LossReduction(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        partials = device.Accelerator.Allocate1D<float>(Partials);
        partialSums = device.LoadKernel<ArrayView<float>, int, ArrayView<float>>(PartialSums);
        finalSum = device.LoadKernel<ArrayView<float>, int, float, ArrayView<float>>(FinalSum);
    }

    /// <summary>result[0] = Σ values[0..count).</summary>
    public void Sum(ArrayView<float> values, int count, ArrayView<float> result) => Reduce(values, count, result, 1f);

    /// <summary>result[0] = Σ values[0..count) / count.</summary>
    public void Mean(ArrayView<float> values, int count, ArrayView<float> result) => Reduce(values, count, result, count);

    private void Reduce(ArrayView<float> values, int count, ArrayView<float> result, float divisor)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"reduction count must be ≥ 1 (got {count})");
        if (values.Length < count)
        {
            throw new ArgumentException($"reduction: values has {values.Length} floats, fewer than count = {count}", nameof(values));
        }
        if (result.Length < 1) throw new ArgumentException("reduction: result must hold at least 1 float (it has 0)", nameof(result));
        var threads = Math.Min(count, Partials);
        partialSums(threads, values, count, partials.View);
        finalSum(1, partials.View, threads, divisor, result);
    }

    /// <summary>partial[t] = Σ values[t + k·threads] for k ≥ 0 below count, with Kahan compensation.</summary>
    private static void PartialSums(Index1D index, ArrayView<float> values, int count, ArrayView<float> partial)
    {
        int t = index;
        var threads = count < Partials ? count : Partials;
        var sum = 0f;
        var compensation = 0f;
        for (var i = t; i < count; i += threads)
        {
            var y = values[i] - compensation;
            var next = sum + y;
            compensation = next - sum - y;
            sum = next;
        }
        partial[t] = sum;
    }

    /// <summary>result[0] = (Σ partial[0..threads)) / divisor, with Kahan compensation.</summary>
    private static void FinalSum(Index1D index, ArrayView<float> partial, int threads, float divisor, ArrayView<float> result)
    {
        var sum = 0f;
        var compensation = 0f;
        for (var i = 0; i < threads; i++)
        {
            var y = partial[i] - compensation;
            var next = sum + y;
            compensation = next - sum - y;
            sum = next;
        }
        result[0] = sum / divisor;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        partials.Dispose();
    }
}
