using ILGPU;
using ILGPU.Algorithms;
using TinyNN.Devices;

namespace TinyNN.Training;

/// <summary>
/// The Eikonal term λ·mean (‖∇ₓf‖ − 1)² of SDF training. When the model sees u = s·x + c (e.g. u = (x + 1)/2 for a
/// grid over [0, 1]³), ∇ₓf = s·∇ᵤf: <paramref name="inputScale"/> is that s.
/// </summary>
public sealed class EikonalRegularizer(ComputeDevice device, float weight, float inputScale = 1f) : InputGradientRegularizer
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, float> kernel =
        (device ?? throw new ArgumentNullException(nameof(device))).LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, float>(Direction);

    /// <summary>λ.</summary>
    public float Weight { get; } = float.IsFinite(weight) && weight >= 0 ? weight
        : throw new ArgumentOutOfRangeException(nameof(weight), $"the Eikonal weight λ must be finite and ≥ 0 (got {weight})");

    /// <summary>s in ∇ₓf = s·∇ᵤf.</summary>
    public float InputScale { get; } = float.IsFinite(inputScale) && inputScale > 0 ? inputScale
        : throw new ArgumentOutOfRangeException(nameof(inputScale), $"the input scale must be finite and > 0 (got {inputScale})");

    /// <inheritdoc/>
    public override string Name => "Eikonal";

    /// <inheritdoc/>
    public override void Evaluate(ArrayView<float> inputGradient, ArrayView<float> direction, ArrayView<float> values, int inputs, int batch) =>
        kernel(batch, inputGradient, direction, values, inputs, InputScale, Weight / batch);

    /// <summary>
    /// Sample i, with n = s·‖∇ᵤf‖ = ‖∇ₓf‖: residual (n − 1)², and g = w·2(n − 1)·s²·∇ᵤf / n, the gradient of
    /// w·(n − 1)² with respect to ∇ᵤf (w = λ/batch).
    /// </summary>
    private static void Direction(Index1D i, ArrayView<float> inputGradient, ArrayView<float> direction, ArrayView<float> residual,
        int inputs, float scale, float weight)
    {
        var row = (long)(int)i * inputs;
        var squares = 0f;
        for (var d = 0; d < inputs; d++) squares += inputGradient[row + d] * inputGradient[row + d];
        var n = scale * XMath.Sqrt(squares);
        var factor = weight * 2f * (n - 1f) * scale * scale / XMath.Max(n, 1e-12f);
        for (var d = 0; d < inputs; d++) direction[row + d] = factor * inputGradient[row + d];
        residual[i] = (n - 1f) * (n - 1f);
    }
}
