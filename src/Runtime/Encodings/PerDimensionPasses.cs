using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Encodings;

/// <summary>
/// Loads and launches <see cref="PerDimensionKernels"/> for one encoding's basis: what Identity, Frequency, OneBlob
/// and TriangleWave share. The owning encoding validates the views first.
/// </summary>
internal sealed class PerDimensionPasses<TBasis> : IPerDimensionPasses where TBasis : struct, IPerDimensionBasis
{
    private readonly TBasis basis;
    private readonly PerDimensionShape shape;
    private readonly bool secondDerivativeVanishes;
    private readonly Action<Index1D, TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>> forward;
    private readonly Action<Index1D, TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>, ArrayView<float>> backward, tangent;
    private readonly Action<Index1D, TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> secondOrder;

    /// <summary>
    /// Binds the kernels. <paramref name="secondDerivativeVanishes"/>: every yₖ″ is identically zero (piecewise
    /// linear bases), so dL₂/dx is written as exact zeros without a kernel.
    /// </summary>
    public PerDimensionPasses(Encoding owner, TBasis basis, int functions, bool secondDerivativeVanishes)
    {
        this.basis = basis;
        this.secondDerivativeVanishes = secondDerivativeVanishes;
        shape = new PerDimensionShape
        {
            InputWidth = owner.InputWidth, Functions = functions, OutputWidth = owner.OutputWidth,
            PaddedWidth = owner.PaddedOutputWidth, Padding = owner.PaddingValue,
        };
        var device = owner.Device;
        forward = device.LoadKernel<TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>>(PerDimensionKernels.Forward);
        backward = device.LoadKernel<TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>, ArrayView<float>>(PerDimensionKernels.Backward);
        tangent = device.LoadKernel<TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>, ArrayView<float>>(PerDimensionKernels.Tangent);
        secondOrder = device.LoadKernel<TBasis, PerDimensionShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            PerDimensionKernels.SecondOrder);
    }

    public void Forward(ArrayView<float> input, ArrayView<float> output, int batch) =>
        forward(EncodingPassChecks.Threads(batch, shape.PaddedWidth), basis, shape, input, output);

    public void Backward(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch)
    {
        if (inputGradient.Length == 0) return;
        backward(EncodingPassChecks.Threads(batch, shape.InputWidth), basis, shape, input, outputGradient, inputGradient);
    }

    public void BackwardBackward(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> direction,
        ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient, int batch)
    {
        tangent(EncodingPassChecks.Threads(batch, shape.PaddedWidth), basis, shape, input, direction, outputGradientGradient);
        if (inputGradient.Length == 0) return;
        var threads = EncodingPassChecks.Threads(batch, shape.InputWidth);
        if (secondDerivativeVanishes) inputGradient.SubView(0, threads).MemSetToZero();
        else secondOrder(threads, basis, shape, input, outputGradient, direction, inputGradient);
    }
}
