using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// An elementwise training loss with tcnn's evaluate() semantics (include/tiny-cuda-nn/losses/*.h): for each
/// prediction element, its loss value and dL/dprediction, both divided by the number of compared elements
/// (n_total = samples · dims), the gradient also multiplied by the loss scale. The loss of a batch is therefore
/// the <em>sum</em> of the values (<see cref="LossReduction.Sum"/>). Everything stays on the device.
/// </summary>
public abstract class Loss
{
    private static readonly string[] SupportedNames = ["L1", "L2", "RelativeL1", "RelativeL2", "Mape", "Smape", "Huber"];

    // tcnn losses TinyNN does not implement: named in the error so a tcnn user knows it is not a typo.
    private static readonly string[] UnsupportedTcnnNames = ["RelativeL2Luminance", "CrossEntropy", "Variance"];

    private readonly Action<Index1D, LossArguments> kernel;

    private protected Loss(ComputeDevice device, Action<Index1D, LossArguments> elementKernel)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        kernel = device.LoadKernel(elementKernel);
    }

    /// <summary>The accepted otype names, as tcnn spells them (matched case-insensitively).</summary>
    public static IReadOnlyList<string> Names => SupportedNames;

    /// <summary>The device the loss runs on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>tcnn's otype of this loss, e.g. "RelativeL2".</summary>
    public abstract string Name { get; }

    /// <summary>Calls <paramref name="visitor"/> with the loss's element formula, for kernels that evaluate the loss themselves (the fused second-order step).</summary>
    internal abstract TResult Accept<TResult>(ILossElementVisitor<TResult> visitor);

    /// <summary>The value passed to the element formula as its parameter (Huber's delta; 0 for the others).</summary>
    internal virtual float Parameter => 0f;

    /// <summary>
    /// Flat form: <paramref name="count"/> predictions against as many targets. Writes values[i] = ℓ(pᵢ, tᵢ)/count
    /// and gradient[i] = lossScale · ∂ℓ/∂pᵢ / count (tcnn's definition of the gradient, see each loss).
    /// </summary>
    public void Evaluate(ArrayView<float> prediction, ArrayView<float> target, ArrayView<float> values, ArrayView<float> gradient,
        int count, float lossScale) =>
        Evaluate(prediction, target, values, gradient, count, 1, 1, lossScale);

    /// <summary>
    /// tcnn's padded form: <paramref name="prediction"/>, <paramref name="values"/> and <paramref name="gradient"/> are
    /// [samples, stride] (e.g. a network output padded to 16 columns), <paramref name="target"/> is [samples, dims];
    /// columns ≥ dims get value and gradient 0, the others are normalised by samples · dims.
    /// </summary>
    public void Evaluate(ArrayView<float> prediction, ArrayView<float> target, ArrayView<float> values, ArrayView<float> gradient,
        int samples, int stride, int dims, float lossScale)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"{Name} loss: samples must be ≥ 1 (got {samples})");
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"{Name} loss: stride must be ≥ 1 (got {stride})");
        if (dims < 1 || dims > stride)
        {
            throw new ArgumentOutOfRangeException(nameof(dims), $"{Name} loss: dims must be 1..{stride} (the stride) (got {dims})");
        }
        if (!float.IsFinite(lossScale) || lossScale <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(lossScale), $"{Name} loss: lossScale must be finite and > 0 (got {lossScale})");
        }
        var elements = (long)samples * stride;
        if (elements > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), $"{Name} loss: samples · stride = {elements} exceeds {int.MaxValue} elements");
        }
        RequireLength(prediction, elements, nameof(prediction));
        RequireLength(target, (long)samples * dims, nameof(target));
        RequireLength(values, elements, nameof(values));
        RequireLength(gradient, elements, nameof(gradient));
        kernel((int)elements, new LossArguments
        {
            Predictions = prediction,
            Targets = target,
            Values = values,
            Gradients = gradient,
            Stride = stride,
            Dims = dims,
            // tcnn divides by the uint32 n_total converted to float; so do we (not by a reciprocal).
            Total = (float)((long)samples * dims),
            LossScale = lossScale,
            Parameter = Parameter,
        });
    }

    private void RequireLength(ArrayView<float> view, long needed, string name)
    {
        if (view.Length < needed)
        {
            throw new ArgumentException($"{Name} loss: {name} has {view.Length} floats, needs at least {needed}", name);
        }
    }

    /// <summary>The evaluation kernel specialised for the element formula <typeparamref name="TLoss"/>.</summary>
    private protected static Action<Index1D, LossArguments> KernelFor<TLoss>() where TLoss : struct, IElementLoss =>
        LossKernels.Evaluate<TLoss>;

    /// <summary>
    /// tcnn's create_loss: the loss named <paramref name="otype"/> (case-insensitive). <paramref name="parameters"/>
    /// holds the loss's numeric fields besides otype: "delta" for Huber, none for the others.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown otype or parameter, or a parameter out of range.</exception>
    public static Loss Create(ComputeDevice device, string otype, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(otype);
        var name = SupportedNames.FirstOrDefault(n => string.Equals(n, otype, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            var tcnnOnly = UnsupportedTcnnNames.FirstOrDefault(n => string.Equals(n, otype, StringComparison.OrdinalIgnoreCase));
            var accepted = string.Join(", ", SupportedNames);
            throw new ArgumentException(tcnnOnly is null
                ? $"unknown loss otype \"{otype}\"; accepted: {accepted}"
                : $"loss otype \"{tcnnOnly}\" exists in tiny-cuda-nn but TinyNN does not implement it; accepted: {accepted}", nameof(otype));
        }
        parameters ??= new Dictionary<string, double>();
        string[] allowed = name == "Huber" ? ["delta"] : [];
        foreach (var key in parameters.Keys)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw new ArgumentException(allowed.Length == 0
                    ? $"loss \"{name}\" takes no parameters (got \"{key}\")"
                    : $"loss \"{name}\" accepts {string.Join(", ", allowed.Select(a => $"\"{a}\""))} (got \"{key}\")", nameof(parameters));
            }
        }
        return name switch
        {
            "L1" => new L1Loss(device),
            "L2" => new L2Loss(device),
            "RelativeL1" => new RelativeL1Loss(device),
            "RelativeL2" => new RelativeL2Loss(device),
            "Mape" => new MapeLoss(device),
            "Smape" => new SmapeLoss(device),
            "Huber" => new HuberLoss(device, parameters.TryGetValue("delta", out var delta) ? (float)delta : HuberLoss.DefaultDelta),
            _ => throw new System.Diagnostics.UnreachableException($"loss \"{name}\" is listed but has no constructor"),
        };
    }
}
