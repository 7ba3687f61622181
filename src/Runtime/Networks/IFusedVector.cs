using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// One sample's layer state in registers, with the unrolled operations a fused MLP pass is written in. Implemented
/// by the generator for each [FusedVector] width; the passes (<see cref="FusedMlpKernels"/>) are written once,
/// generic over it and over the activations, and ILGPU specialises them per type argument.
/// Matrices are tcnn's: row-major [fan_out, fan_in] at an offset of the flat parameter vector. Everything is
/// static and by value: a ref to a struct would make ILGPU take its address and spill it to local memory.
/// </summary>
public interface IFusedVector<TSelf> where TSelf : struct, IFusedVector<TSelf>
{
    /// <summary>Neurons per layer.</summary>
    static abstract int Width { get; }

    /// <summary>All zeros.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Reads element i from <c>data[offset + i·stride]</c>.</summary>
    static abstract TSelf Load(ArrayView<float> data, long offset, long stride);

    /// <summary>Writes element i to <c>data[offset + i·stride]</c>.</summary>
    static abstract void Store(TSelf v, ArrayView<float> data, long offset, long stride);

    /// <summary>W·h for a square [Width, Width] matrix at <paramref name="offset"/>.</summary>
    static abstract TSelf MatVec(ArrayView<float> weights, long offset, TSelf h);

    /// <summary>Wᵀ·d for a square [Width, Width] matrix at <paramref name="offset"/>.</summary>
    static abstract TSelf TransposedMatVec(ArrayView<float> weights, long offset, TSelf d);

    /// <summary>acc + x·W[:, column] for a [Width, columns] matrix (the first layer, one input at a time).</summary>
    static abstract TSelf AddColumn(TSelf acc, ArrayView<float> weights, long offset, int columns, int column, float x);

    /// <summary>W[:, column]·v for a [Width, columns] matrix (the first layer's transpose, one input at a time).</summary>
    static abstract float DotColumn(TSelf v, ArrayView<float> weights, long offset, int columns, int column);

    /// <summary>
    /// acc + W[:, column..column+3]·x, four inputs at once with one 16-byte weight load a row (column and columns
    /// multiples of 4). Sums in the same order as four <see cref="AddColumn"/> calls.
    /// </summary>
    static abstract TSelf AddColumns4(TSelf acc, ArrayView<float> weights, long offset, int columns, int column, Float4 x);

    /// <summary>W[:, column..column+3]ᵀ·v, four <see cref="DotColumn"/> results at once (column and columns multiples of 4).</summary>
    static abstract Float4 DotColumns4(TSelf v, ArrayView<float> weights, long offset, int columns, int column);

    /// <summary>W[row, :]·v for a row of Width values at <paramref name="offset"/> (the output layer, one output at a time).</summary>
    static abstract float DotRow(TSelf v, ArrayView<float> weights, long offset);

    /// <summary>acc + x·W[row, :] for a row at <paramref name="offset"/> (the output layer's transpose).</summary>
    static abstract TSelf AddRow(TSelf acc, ArrayView<float> weights, long offset, float x);

    /// <summary>σ(p) elementwise.</summary>
    static abstract TSelf Activate<TActivation>(TSelf p) where TActivation : struct, IActivation;

    /// <summary>σ′(p)⊙v.</summary>
    static abstract TSelf DerivativeTimes<TActivation>(TSelf p, TSelf v) where TActivation : struct, IActivation;

    /// <summary>
    /// σ′(p)⊙e + σ″(p)⊙u⊙a with p, u, a read from [neuron][batch] storage at <paramref name="offset"/> (stride
    /// <paramref name="stride"/>) one element at a time, so only e and the result occupy registers.
    /// </summary>
    static abstract TSelf SecondOrderAdjoint<TActivation>(TSelf e, ArrayView<float> pre, ArrayView<float> tangents, ArrayView<float> adjoints,
        long offset, long stride) where TActivation : struct, IActivation;
}
