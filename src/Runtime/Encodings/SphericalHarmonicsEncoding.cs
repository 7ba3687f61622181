using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "SphericalHarmonics" encoding (encodings/spherical_harmonics.h): a 3-input x ∈ [0, 1]³ is mapped to
/// u = 2x − 1 and encoded by the first <see cref="Degree"/> bands of real spherical harmonics, degree² outputs in
/// tcnn's order (index l² + l + m) and with tcnn's polynomials, which assume |u| = 1 and are differentiated as they
/// stand (as tcnn's backward does). Padded columns hold 1 and come after the encoded values, as in tcnn's JIT
/// device function and this library's <see cref="Encoding"/> contract (tcnn's non-JIT kernel_sh writes them first).
/// Second order uses the polynomials' Hessians.
/// </summary>
public sealed class SphericalHarmonicsEncoding : Encoding
{
    private readonly Action<Index1D, int, int, ArrayView<float>, ArrayView<float>> forward;
    private readonly Action<Index1D, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>> backward;
    private readonly Action<Index1D, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> backwardBackward;

    /// <summary>Encodes 3 inputs (<paramref name="inputWidth"/> must be 3) with <paramref name="degree"/> bands (tcnn's degree, default 4; 1..8).</summary>
    public SphericalHarmonicsEncoding(ComputeDevice device, int inputWidth, int degree, int alignment = 1)
        : base(device, CheckInputWidth(inputWidth), CheckDegree(degree) * degree, alignment)
    {
        Degree = degree;
        forward = device.LoadKernel<int, int, ArrayView<float>, ArrayView<float>>(SphericalHarmonicsKernels.Forward);
        backward = device.LoadKernel<int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SphericalHarmonicsKernels.Backward);
        backwardBackward = device.LoadKernel<int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(
            SphericalHarmonicsKernels.BackwardBackward);
    }

    /// <summary>Bands encoded (tcnn's degree); the output width is degree².</summary>
    public int Degree { get; }

    /// <inheritdoc/>
    public override string Name => "SphericalHarmonics";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;

    /// <inheritdoc/>
    public override long ParameterCount => 0;

    private static int CheckInputWidth(int inputWidth) => inputWidth == 3
        ? inputWidth
        : throw new ArgumentOutOfRangeException(nameof(inputWidth), $"SphericalHarmonics encodes 3D directions: input width must be 3 (got {inputWidth})");

    private static int CheckDegree(int degree) => degree is >= 1 and <= 8
        ? degree
        : throw new ArgumentOutOfRangeException(nameof(degree), $"SphericalHarmonics degree must be 1..8 (got {degree})");

    /// <inheritdoc/>
    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        EncodingPassChecks.CheckForward(this, parameters, input, output, batch);
        forward(batch, PaddedOutputWidth, Degree, input, output);
    }

    /// <inheritdoc/>
    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackward(this, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        if (inputGradient.Length > 0) backward(batch, PaddedOutputWidth, Degree, input, outputGradient, inputGradient);
    }

    /// <inheritdoc/>
    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackwardBackward(this, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient,
            inputGradient, parameterGradient, mode, batch);
        backwardBackward(batch, PaddedOutputWidth, Degree, inputGradient.Length > 0 ? 1 : 0, input, outputGradient, inputGradientDirection,
            outputGradientGradient, inputGradient);
    }
}
