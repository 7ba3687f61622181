using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Optimizers;

/// <summary>
/// tcnn's "EMA" [optimizers/ema.h] (in full precision): wraps an optimizer and, after each of its steps t, updates
/// a bias-corrected exponential moving average of the weights,
/// ema_t = (ema_{t−1}·decay·(1 − decayᵗ⁻¹) + w_t·(1 − decay)) / (1 − decayᵗ), i.e. the decay-weighted mean of
/// w_1..w_t. Training continues on the raw weights; use <see cref="AveragedParameters"/> for inference and export.
/// It owns (and disposes) the wrapped optimizer.
/// </summary>
public sealed class EmaOptimizer : Optimizer
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float, float, float> update;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> averaged;

    /// <summary>Wraps <paramref name="nested"/>; <paramref name="decay"/> is tcnn's decay, in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is outside [0, 1).</exception>
    public EmaOptimizer(Optimizer nested, float decay = 0.99f)
        : base((nested ?? throw new ArgumentNullException(nameof(nested))).Device, nested.ParameterCount)
    {
        Hyperparameter.Fraction(Name, "decay", decay);
        Nested = nested;
        Decay = decay;
        update = Device.LoadKernel<ArrayView<float>, ArrayView<float>, float, float, float>(Average);
        averaged = Device.Accelerator.Allocate1D<float>(ParameterCount);
        averaged.MemSetToZero();
    }

    /// <summary>The wrapped optimizer.</summary>
    public Optimizer Nested { get; }

    /// <summary>[decay] Weight of the previous average.</summary>
    public float Decay { get; }

    /// <summary>The averaged weights (zeros before the first step), on the device.</summary>
    public ArrayView<float> AveragedParameters => averaged.View;

    /// <inheritdoc/>
    public override string Name => "EMA";

    /// <inheritdoc/>
    public override float LearningRate
    {
        get => Nested.LearningRate;
        set => Nested.LearningRate = value;
    }

    /// <inheritdoc/>
    public override long StepCount => Nested.StepCount;

    private static void Average(Index1D index, ArrayView<float> weights, ArrayView<float> average, float decay, float debiasOld, float debiasNew) =>
        average[index] = (average[index] * decay * debiasOld + weights[index] * (1f - decay)) * debiasNew;

    internal override void StepCore(ArrayView<float> parameters, ArrayView<float> gradient, float lossScale)
    {
        Nested.StepCore(parameters, gradient, lossScale);
        var t = Nested.StepCount;
        // tcnn evaluates these powers in double on the host and rounds them to float.
        var debiasOld = 1f - (float)Math.Pow(Decay, t - 1);
        var debiasNew = 1f / (1f - (float)Math.Pow(Decay, t));
        update((int)ParameterCount, parameters, averaged.View, Decay, debiasOld, debiasNew);
    }

    internal override OptimizerState ExportCore() => new(Name, StepCount,
        arrays: new Dictionary<string, float[]> { ["weights_ema"] = averaged.GetAsArray1D() },
        nested: Nested.ExportCore());

    internal override void Validate(OptimizerState state)
    {
        base.Validate(state);
        state.Array("weights_ema", ParameterCount);
        Nested.Validate(state.RequireNested());
    }

    internal override void Apply(OptimizerState state)
    {
        averaged.CopyFromCPU(state.Array("weights_ema", ParameterCount));
        Nested.Apply(state.RequireNested());
    }

    private protected override void Release()
    {
        averaged.Dispose();
        Nested.Dispose();
    }
}
