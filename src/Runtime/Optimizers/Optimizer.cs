using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Optimizers;

/// <summary>
/// A first-order optimizer with tcnn's semantics (include/tiny-cuda-nn/optimizers/*.h): <see cref="Step"/> updates
/// a flat float parameter vector in place from its gradient, on the device, with no host round trip; the gradient
/// is divided by the loss scale first. State export and import serve checkpoints.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private bool disposed;

    private protected Optimizer(ComputeDevice device, long parameterCount)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (parameterCount < 1 || parameterCount > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(parameterCount), $"optimizer parameter count must be 1..{int.MaxValue} (got {parameterCount})");
        }
        Device = device;
        ParameterCount = parameterCount;
    }

    /// <summary>The device the steps run on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>Length of the parameter and gradient vectors.</summary>
    public long ParameterCount { get; }

    /// <summary>tcnn's otype, e.g. "Adam".</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate the next step uses; must be finite and ≥ 0.</summary>
    public abstract float LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    public abstract long StepCount { get; }

    /// <summary>
    /// One optimisation step: <paramref name="parameters"/> -= update(<paramref name="gradient"/> / <paramref name="lossScale"/>),
    /// in place. Both views hold exactly <see cref="ParameterCount"/> floats.
    /// </summary>
    public void Step(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"{Name}: parameters has {parameters.Length} floats, this optimizer has {ParameterCount}", nameof(parameters));
        }
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"{Name}: gradient has {gradient.Length} floats, this optimizer has {ParameterCount}", nameof(gradient));
        }
        if (!float.IsFinite(lossScale) || lossScale <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(lossScale), $"{Name}: lossScale must be finite and > 0 (got {lossScale})");
        }
        StepCore(parameters, gradient, lossScale);
    }

    /// <summary>A copy of everything needed to continue training exactly where it stands (reads the device).</summary>
    public OptimizerState ExportState()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return ExportCore();
    }

    /// <summary>Restores a state from <see cref="ExportState"/> of an optimizer of the same kind and size.</summary>
    /// <exception cref="ArgumentException">Another optimizer's state, or a missing or wrong-size entry; nothing is changed.</exception>
    public void ImportState(OptimizerState state)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        Validate(state);
        Apply(state);
    }

    /// <summary>Step after validation.</summary>
    internal abstract void StepCore(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale);

    /// <summary>The state, read from the device.</summary>
    internal abstract OptimizerState ExportCore();

    /// <summary>Throws if <paramref name="state"/> cannot be applied; checks the nested state too, so import is all or nothing.</summary>
    internal virtual void Validate(OptimizerState state)
    {
        if (state.Optimizer != Name)
        {
            throw new ArgumentException($"cannot import a state of optimizer {state.Optimizer} into optimizer {Name}");
        }
    }

    /// <summary>Applies a validated state.</summary>
    internal abstract void Apply(OptimizerState state);

    /// <summary>Checks a learning rate for the setter.</summary>
    private protected float CheckLearningRate(float value) =>
        float.IsFinite(value) && value >= 0f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), $"{Name}: learning rate must be finite and ≥ 0 (got {value})");

    /// <summary>Releases device buffers (and a wrapped optimizer).</summary>
    private protected abstract void Release();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Release();
        GC.SuppressFinalize(this);
    }
}
