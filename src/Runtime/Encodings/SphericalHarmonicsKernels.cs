using ILGPU;

namespace TinyNN.Encodings;

/// <summary>
/// The passes of <see cref="SphericalHarmonicsEncoding"/>, one thread per sample (every output depends on all three
/// inputs). Inputs in [0, 1]³ map to directions u = 2x − 1 as in tcnn, so each derivative in x carries a factor 2.
/// </summary>
internal static class SphericalHarmonicsKernels
{
    /// <summary>y = the degree² basis values at u, then the padding value in the padded columns.</summary>
    public static void Forward(Index1D sample, int paddedWidth, int degree, ArrayView<float> input, ArrayView<float> output)
    {
        var x = sample.X * 3L;
        var row = (long)sample.X * paddedWidth;
        SphericalHarmonicsBasis.Evaluate(degree, input[x] * 2f - 1f, input[x + 1] * 2f - 1f, input[x + 2] * 2f - 1f, output, row);
        for (var j = degree * degree; j < paddedWidth; j++) output[row + j] = 1f;
    }

    /// <summary>dL₁/dx = 2·Σⱼ bⱼ∇yⱼ(u).</summary>
    public static void Backward(Index1D sample, int paddedWidth, int degree, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient)
    {
        var x = sample.X * 3L;
        var gradient = SphericalHarmonicsBasis.Gradient(degree, input[x] * 2f - 1f, input[x + 1] * 2f - 1f, input[x + 2] * 2f - 1f,
            outputGradient, (long)sample.X * paddedWidth);
        inputGradient[x] = 2f * gradient.X;
        inputGradient[x + 1] = 2f * gradient.Y;
        inputGradient[x + 2] = 2f * gradient.Z;
    }

    /// <summary>
    /// dL₂/d(dL₁/dy) = J·g = ∇yⱼ(u)·2g (padded columns 0) and, when <paramref name="writeInputGradient"/> is 1,
    /// dL₂/dx = 4·Σⱼ bⱼ∇²yⱼ(u)·g.
    /// </summary>
    public static void BackwardBackward(Index1D sample, int paddedWidth, int degree, int writeInputGradient, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> direction, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient)
    {
        var x = sample.X * 3L;
        var row = (long)sample.X * paddedWidth;
        float ux = input[x] * 2f - 1f, uy = input[x + 1] * 2f - 1f, uz = input[x + 2] * 2f - 1f;
        float gx = 2f * direction[x], gy = 2f * direction[x + 1], gz = 2f * direction[x + 2];
        SphericalHarmonicsBasis.Tangent(degree, ux, uy, uz, gx, gy, gz, outputGradientGradient, row);
        for (var j = degree * degree; j < paddedWidth; j++) outputGradientGradient[row + j] = 0f;
        if (writeInputGradient == 0) return;
        var second = SphericalHarmonicsBasis.SecondOrder(degree, ux, uy, uz, gx, gy, gz, outputGradient, row);
        inputGradient[x] = 2f * second.X;
        inputGradient[x + 1] = 2f * second.Y;
        inputGradient[x + 2] = 2f * second.Z;
    }
}
