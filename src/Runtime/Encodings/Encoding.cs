using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// An input encoding y = enc(x; θ) with tcnn's conventions, and its first- and second-order passes. Inputs are
/// row-major [batch, InputWidth]; outputs [batch, PaddedOutputWidth], whose columns past OutputWidth hold
/// <see cref="PaddingValue"/> (tcnn pads the encoding output for the MLP after it) and have no gradient.
/// With L₁ = ⟨y, b⟩ (b = dL₁/dy) and L₂ = ⟨dL₁/dx, g⟩ (g = dL₂/d(dL₁/dx)), the passes compute what PyTorch's
/// autograd does with create_graph=True. Parameter gradients are batch sums. Encodings keep no per-step state;
/// some own constant device data (a grid's level table), which <see cref="Dispose"/> frees.
/// </summary>
public abstract class Encoding : IDisposable
{
    /// <summary>Binds the encoding to a device; <paramref name="alignment"/> pads the output width to a multiple of it.</summary>
    protected Encoding(ComputeDevice device, int inputWidth, int outputWidth, int alignment)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (inputWidth < 1) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"encoding input width must be ≥ 1 (got {inputWidth})");
        if (outputWidth < 1) throw new ArgumentOutOfRangeException(nameof(outputWidth), $"encoding output width must be ≥ 1 (got {outputWidth})");
        if (alignment < 1) throw new ArgumentOutOfRangeException(nameof(alignment), $"encoding alignment must be ≥ 1 (got {alignment})");
        Device = device;
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        PaddedOutputWidth = (outputWidth + alignment - 1) / alignment * alignment;
    }

    /// <summary>The device the passes run on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>tcnn's otype of this encoding, e.g. "HashGrid".</summary>
    public abstract string Name { get; }

    /// <summary>Inputs per sample (tcnn's n_input_dims).</summary>
    public int InputWidth { get; }

    /// <summary>Encoded values per sample before padding (tcnn's n_output_dims without alignment).</summary>
    public int OutputWidth { get; }

    /// <summary>Output columns per sample, padding included.</summary>
    public int PaddedOutputWidth { get; }

    /// <summary>The value tcnn writes into padded output columns (1 for Identity and Frequency, 0 for grids).</summary>
    public abstract float PaddingValue { get; }

    /// <summary>Trainable parameters (0 for parameter-free encodings).</summary>
    public abstract long ParameterCount { get; }

    /// <summary>Writes tcnn's initial parameters (nothing for parameter-free encodings).</summary>
    public virtual void InitializeParameters(Span<float> parameters, int seed)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"{Name} has {ParameterCount} parameters; got a span of {parameters.Length}", nameof(parameters));
        }
    }

    /// <summary>y = enc(x). <paramref name="output"/> is [batch, PaddedOutputWidth], padding included.</summary>
    public abstract void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch);

    /// <summary>
    /// From b = dL₁/dy ([batch, PaddedOutputWidth]; padded columns ignored): dL₁/dx into <paramref name="inputGradient"/>
    /// (skipped when empty) and dL₁/dθ into <paramref name="parameterGradient"/> per <paramref name="mode"/>.
    /// </summary>
    public abstract void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch);

    /// <summary>
    /// Backward of backward, from b = dL₁/dy and g = dL₂/d(dL₁/dx) ([batch, InputWidth]): dL₂/d(dL₁/dy) = J·g into
    /// <paramref name="outputGradientGradient"/> ([batch, PaddedOutputWidth], padded columns 0), dL₂/dx (the
    /// Hessian-vector term Σᵢⱼ gᵢ bⱼ ∂²yⱼ/∂xᵢ∂x) into <paramref name="inputGradient"/> (skipped when empty) and
    /// dL₂/dθ = Σᵢⱼ gᵢ bⱼ ∂²yⱼ/∂xᵢ∂θ into <paramref name="parameterGradient"/> per <paramref name="mode"/>.
    /// </summary>
    public abstract void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch);

    /// <summary>Frees device data the encoding owns (nothing for most encodings).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Validates a view's length for a pass; the message names the view and the floats needed.</summary>
    protected static ArrayView<float> Check(ArrayView<float> view, long length, string name) =>
        view.Length >= length ? view : throw new ArgumentException($"{name} holds {view.Length} floats; this pass needs {length}", name);

    /// <summary>Validates the batch size.</summary>
    protected static void CheckBatch(int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), $"batch size must be ≥ 1 (got {batch})");
    }
}
