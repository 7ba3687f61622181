using ILGPU;
using ILGPU.Runtime;
using TinyNN.Losses;
using TinyNN.Models;
using TinyNN.Networks;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>Mean loss terms of one step, read back from the device.</summary>
public readonly record struct SdfLosses(double Sdf, double Eikonal)
{
    /// <summary>The training objective: SDF term + λ·Eikonal term.</summary>
    public double Total(float lambda) => Sdf + lambda * Eikonal;
}

/// <summary>
/// Trains a model as a signed distance field f(x), x ∈ [-1, 1]³ (the model sees u = (x + 1)/2 ∈ [0, 1]³, as grid
/// encodings expect), on L = loss(f(x), sdf(x)) + λ·mean (‖∇ₓf‖ − 1)². A step runs on the device with no host
/// round-trip: draw a batch from the pool, forward, ∇f by backward, the Eikonal direction, backward-backward for its
/// parameter gradient, the SDF loss's backward added on top, the optimizer. Loss values are read only when asked.
/// </summary>
public sealed class SdfTrainer : IDisposable
{
    private const float InputScale = 0.5f;

    private readonly NetworkWithInputEncoding model;
    private readonly Optimizer optimizer;
    private readonly Loss loss;
    private readonly LossReduction reduction;
    private readonly NonFiniteCheck nonFinite;
    private readonly ModelContext context;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> parameters, gradient, poolPoints, poolDistances, input, target, output,
        ones, inputGradient, direction, secondOutput, secondInput, lossValues, lossGradient, residual, sums;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, uint, ArrayView<float>, ArrayView<float>> gather;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float> eikonal;
    private readonly int poolSize;

    /// <summary>Sets up a trainer for batches of <paramref name="batchSize"/> drawn from <paramref name="pool"/>.</summary>
    public SdfTrainer(NetworkWithInputEncoding model, Optimizer optimizer, Loss loss, SdfSamplePool pool, float[] initialParameters,
        int batchSize, float eikonalWeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(initialParameters);
        if (model.InputWidth != 3 || model.OutputWidth != 1)
        {
            throw new ArgumentException($"an SDF model maps 3 inputs to 1 output (this one: {model.InputWidth} → {model.OutputWidth})", nameof(model));
        }
        if (initialParameters.Length != model.ParameterCount)
        {
            throw new ArgumentException($"the model has {model.ParameterCount} parameters; got {initialParameters.Length}", nameof(initialParameters));
        }
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be ≥ 1 (got {batchSize})");
        if (!(eikonalWeight >= 0) || !float.IsFinite(eikonalWeight)) throw new ArgumentOutOfRangeException(nameof(eikonalWeight), $"the Eikonal weight λ must be finite and ≥ 0 (got {eikonalWeight})");
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        BatchSize = batchSize;
        EikonalWeight = eikonalWeight;
        poolSize = pool.Count;
        var device = model.Device;
        var a = device.Accelerator;
        reduction = new LossReduction(device);
        nonFinite = new NonFiniteCheck(device);
        context = model.CreateContext(batchSize);
        parameters = a.Allocate1D(initialParameters);
        gradient = a.Allocate1D<float>(model.ParameterCount);
        poolPoints = a.Allocate1D(pool.Points);
        poolDistances = a.Allocate1D(pool.Distances);
        input = a.Allocate1D<float>(3L * batchSize);
        target = a.Allocate1D<float>(batchSize);
        output = a.Allocate1D<float>(batchSize);
        ones = a.Allocate1D(Enumerable.Repeat(1f, batchSize).ToArray());
        inputGradient = a.Allocate1D<float>(3L * batchSize);
        direction = a.Allocate1D<float>(3L * batchSize);
        secondOutput = a.Allocate1D<float>(batchSize);
        secondInput = a.Allocate1D<float>(3L * batchSize);
        lossValues = a.Allocate1D<float>(batchSize);
        lossGradient = a.Allocate1D<float>(batchSize);
        residual = a.Allocate1D<float>(batchSize);
        sums = a.Allocate1D<float>(2);
        gather = device.LoadKernel<ArrayView<float>, ArrayView<float>, int, uint, ArrayView<float>, ArrayView<float>>(SdfTrainingKernels.Gather);
        eikonal = device.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float>(SdfTrainingKernels.EikonalDirection);
    }

    /// <summary>Samples a step.</summary>
    public int BatchSize { get; }

    /// <summary>λ, the weight of the Eikonal term.</summary>
    public float EikonalWeight { get; }

    /// <summary>Steps taken (the optimizer's count, so it survives a resume).</summary>
    public long Step => optimizer.StepCount;

    /// <summary>The current parameters on the device.</summary>
    public ArrayView<float> Parameters => parameters.View;

    /// <summary>One training step on the device.</summary>
    public void TrainStep()
    {
        var batch = BatchSize;
        gather(batch, poolPoints.View, poolDistances.View, poolSize, (uint)(Step + 1), input.View, target.View);
        model.Forward(context, parameters.View, input.View, output.View, batch);
        // ∇ᵤf, then the Eikonal direction and its parameter gradient (backward of backward)…
        model.Backward(context, parameters.View, input.View, ones.View, inputGradient.View, default, GradientMode.Ignore);
        eikonal(batch, inputGradient.View, direction.View, residual.View, InputScale, EikonalWeight / batch);
        model.BackwardBackwardInput(context, parameters.View, input.View, ones.View, direction.View, secondOutput.View, secondInput.View,
            gradient.View, GradientMode.Overwrite);
        // …plus the SDF loss's gradient (the loss divides by the batch, as tcnn's losses do).
        loss.Evaluate(output.View, target.View, lossValues.View, lossGradient.View, batch, 1f);
        model.Backward(context, parameters.View, input.View, lossGradient.View, default, gradient.View, GradientMode.Accumulate);
        optimizer.Step(parameters.View, gradient.View, 1f);
    }

    /// <summary>The last step's mean SDF loss and mean (‖∇f‖ − 1)² (one small copy from the device).</summary>
    public SdfLosses ReadLosses()
    {
        reduction.Sum(lossValues.View, BatchSize, sums.View.SubView(0, 1));
        reduction.Mean(residual.View, BatchSize, sums.View.SubView(1, 1));
        var values = sums.GetAsArray1D();
        return new SdfLosses(values[0], values[1]);
    }

    /// <summary>Whether the last step's gradient or parameters hold NaN or ∞ (one small copy from the device).</summary>
    public NonFiniteKinds CheckFinite()
    {
        nonFinite.Reset();
        nonFinite.Scan(gradient.View);
        nonFinite.Scan(parameters.View);
        return nonFinite.Read();
    }

    /// <summary>The parameters, copied to the host.</summary>
    public float[] ReadParameters() => parameters.GetAsArray1D();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var buffer in new[] { parameters, gradient, poolPoints, poolDistances, input, target, output, ones, inputGradient, direction,
            secondOutput, secondInput, lossValues, lossGradient, residual, sums })
        {
            buffer.Dispose();
        }
        context.Dispose();
        reduction.Dispose();
        nonFinite.Dispose();
    }
}
