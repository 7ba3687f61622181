using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "Identity" encoding: y = x·scale + offset per input (encodings/identity.h); padded columns hold 1 so they
/// act as a bias input of the network after it. It is linear, so its second derivative is identically zero:
/// <see cref="BackwardBackwardInput"/> writes exact zeros into dL₂/dx, and dL₂/d(dL₁/dy) = scale·g.
/// </summary>
public sealed class IdentityEncoding : Encoding
{
    private readonly PerDimensionPasses<IdentityBasis> passes;

    /// <summary>Encodes <paramref name="inputWidth"/> inputs; <paramref name="scale"/> and <paramref name="offset"/> must be finite (tcnn's defaults: 1 and 0).</summary>
    public IdentityEncoding(ComputeDevice device, int inputWidth, float scale, float offset, int alignment = 1)
        : base(device, inputWidth, inputWidth, alignment)
    {
        if (!float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"Identity scale must be a finite number (got {scale})");
        if (!float.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), $"Identity offset must be a finite number (got {offset})");
        Scale = scale;
        Offset = offset;
        passes = new PerDimensionPasses<IdentityBasis>(this, new IdentityBasis { Scale = scale, Offset = offset }, 1, secondDerivativeVanishes: true);
    }

    /// <summary>The factor applied to each input.</summary>
    public float Scale { get; }

    /// <summary>The value added after scaling.</summary>
    public float Offset { get; }

    /// <inheritdoc/>
    public override string Name => "Identity";

    /// <inheritdoc/>
    public override float PaddingValue => 1f;

    /// <inheritdoc/>
    public override long ParameterCount => 0;

    /// <inheritdoc/>
    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        EncodingPassChecks.CheckForward(this, parameters, input, output, batch);
        passes.Forward(input, output, batch);
    }

    /// <inheritdoc/>
    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackward(this, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        passes.Backward(input, outputGradient, inputGradient, batch);
    }

    /// <inheritdoc/>
    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackwardBackward(this, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient,
            inputGradient, parameterGradient, mode, batch);
        passes.BackwardBackward(input, outputGradient, inputGradientDirection, outputGradientGradient, inputGradient, batch);
    }
}
