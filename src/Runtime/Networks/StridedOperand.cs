using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// A [rows × batch] operand of a batch-summed outer product: element (r, s) at Offset + r·RowStride + s·SampleStride.
/// The strides are 32-bit, so r·RowStride + s·SampleStride is two integer multiply-adds on a GPU instead of 64-bit
/// arithmetic per element (which was a large share of the tiled passes' instructions); <see cref="MlpNetwork"/>
/// rejects batches whose layer vectors would pass 2³¹ − 1 elements.
/// </summary>
public struct StridedOperand
{
    /// <summary>The data.</summary>
    public ArrayView<float> Data;
    /// <summary>First element.</summary>
    public long Offset;
    /// <summary>Step between rows.</summary>
    public int RowStride;
    /// <summary>Step between samples.</summary>
    public int SampleStride;
    /// <summary>
    /// Device address of <see cref="Data"/>'s element 0 on CUDA (<see cref="L2Prefetch.AddressOf"/>), read only by
    /// <see cref="Prefetch"/>; 0 (the default, and what <see cref="Bound"/> gives) turns prefetching off.
    /// </summary>
    public long Address;

    /// <summary>Element (row, sample).</summary>
    public readonly float At(int row, int sample) => Data[Offset + (row * RowStride + sample * SampleStride)];

    /// <summary>
    /// The data from element (row, sample) on, to be indexed by 32-bit offsets r·RowStride + s·SampleStride (one
    /// multiply-add and a wide address an element, where At pays the 64-bit offset arithmetic every time).
    /// </summary>
    public readonly ArrayView<float> Origin(int row, int sample)
    {
        var start = Offset + (long)row * RowStride + (long)sample * SampleStride;
        // An origin past the data (no element there is read) is an empty view, not a negative-length one.
        return start < Data.Length ? Data.SubView(start, Data.Length - start) : default;
    }

    /// <summary>
    /// The operand seen from element (row, sample): element (r, s) of the result is (row + r, sample + s) of this one,
    /// addressed by a 32-bit offset from one base. An empty operand, or an origin past its data (a block of rows that
    /// do not exist), stays empty.
    /// </summary>
    public readonly StridedOperand Bound(int row, int sample) =>
        new() { Data = Origin(row, sample), RowStride = RowStride, SampleStride = SampleStride };

    /// <summary>Asks L2 for the line that holds element (row, sample) (a hint; nothing without <see cref="Address"/>).</summary>
    public readonly void Prefetch(int row, int sample)
    {
        if (Address != 0) L2Prefetch.Line(Address + 4 * (Offset + (long)row * RowStride + (long)sample * SampleStride));
    }

    /// <summary>Writes element (row, sample).</summary>
    public readonly void Set(int row, int sample, float value) => Data[Offset + (row * RowStride + sample * SampleStride)] = value;
}
