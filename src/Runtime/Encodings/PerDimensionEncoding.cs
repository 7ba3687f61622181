using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>The passes of an encoding whose every output depends on one input (a diagonal Jacobian and Hessian).</summary>
internal interface IPerDimensionPasses
{
    void Forward(ArrayView<float> input, ArrayView<float> output, int batch);

    void Backward(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch);

    void BackwardBackward(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> direction,
        ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient, int batch);
}

/// <summary>
/// An encoding without parameters that maps each input dimension through the same functions (Identity, Frequency,
/// OneBlob, TriangleWave): the passes validate their views and run the shared per-dimension kernels.
/// </summary>
public abstract class PerDimensionEncoding : Encoding
{
    private protected PerDimensionEncoding(ComputeDevice device, int inputWidth, int outputWidth, int alignment)
        : base(device, inputWidth, outputWidth, alignment)
    {
    }

    /// <summary>The kernels, set by the derived constructor once its basis is known.</summary>
    private protected IPerDimensionPasses Passes { get; init; } = null!;

    /// <inheritdoc/>
    public sealed override long ParameterCount => 0;

    /// <inheritdoc/>
    public sealed override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        EncodingPassChecks.CheckForward(this, parameters, input, output, batch);
        Passes.Forward(input, output, batch);
    }

    /// <inheritdoc/>
    public sealed override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackward(this, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        Passes.Backward(input, outputGradient, inputGradient, batch);
    }

    /// <inheritdoc/>
    public sealed override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackwardBackward(this, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient,
            inputGradient, parameterGradient, mode, batch);
        Passes.BackwardBackward(input, outputGradient, inputGradientDirection, outputGradientGradient, inputGradient, batch);
    }
}
