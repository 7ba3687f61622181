using ILGPU;
using ILGPU.Runtime;
using TinyNN.Losses;
using TinyNN.Models;
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
/// encodings expect), on L = loss(f(x), sdf(x)) + λ·mean (‖∇ₓf‖ − 1)²: each step draws a batch from the pool on the
/// device and runs a <see cref="Trainer"/> step with an <see cref="EikonalRegularizer"/>, with no host round-trip.
/// </summary>
public sealed class SdfTrainer : ISdfTrainer
{
    private readonly Trainer trainer;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> poolPoints, poolDistances, input, target;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, uint, int, ArrayView<float>, ArrayView<float>> gather;
    private readonly int poolSize, sampleOffset;

    /// <summary>
    /// Sets up a trainer for batches of <paramref name="batchSize"/> drawn from <paramref name="pool"/>; a data-parallel
    /// replica r passes <paramref name="sampleOffset"/> = r·<paramref name="batchSize"/> to draw its share of the global batch.
    /// </summary>
    public SdfTrainer(NetworkWithInputEncoding model, Optimizer optimizer, Loss loss, SdfSamplePool pool, float[] initialParameters,
        int batchSize, float eikonalWeight, int sampleOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pool);
        if (model.InputWidth != 3 || model.OutputWidth != 1)
        {
            throw new ArgumentException($"an SDF model maps 3 inputs to 1 output (this one: {model.InputWidth} → {model.OutputWidth})", nameof(model));
        }
        if (sampleOffset < 0) throw new ArgumentOutOfRangeException(nameof(sampleOffset), $"the sample offset must be ≥ 0 (got {sampleOffset})");
        this.sampleOffset = sampleOffset;
        var device = model.Device;
        trainer = new Trainer(model, loss, optimizer, initialParameters, batchSize, new EikonalRegularizer(device, eikonalWeight, inputScale: 0.5f));
        EikonalWeight = eikonalWeight;
        poolSize = pool.Count;
        var a = device.Accelerator;
        poolPoints = a.Allocate1D(pool.Points);
        poolDistances = a.Allocate1D(pool.Distances);
        input = a.Allocate1D<float>(3L * batchSize);
        target = a.Allocate1D<float>(batchSize);
        gather = device.LoadKernel<ArrayView<float>, ArrayView<float>, int, uint, int, ArrayView<float>, ArrayView<float>>(SdfTrainingKernels.Gather);
    }

    /// <summary>Samples a step.</summary>
    public int BatchSize => trainer.BatchSize;

    /// <summary>λ, the weight of the Eikonal term.</summary>
    public float EikonalWeight { get; }

    /// <summary>Steps taken (the optimizer's count, so it survives a resume).</summary>
    public long Step => trainer.Step;

    /// <summary>The current parameters on the device.</summary>
    public ArrayView<float> Parameters => trainer.Parameters;

    /// <summary>The model's device.</summary>
    public TinyNN.Devices.ComputeDevice Device => trainer.Device;

    /// <summary>The last step's parameter gradient on the device.</summary>
    public ArrayView<float> Gradient => trainer.Gradient;

    /// <summary>One training step on the device.</summary>
    public void TrainStep()
    {
        ComputeGradient();
        ApplyGradient(1f);
    }

    /// <summary>A step up to its parameter gradient (<see cref="Trainer.ComputeGradient"/>), for data-parallel training.</summary>
    public void ComputeGradient()
    {
        gather(BatchSize, poolPoints.View, poolDistances.View, poolSize, (uint)(Step + 1), sampleOffset, input.View, target.View);
        trainer.ComputeGradient(input.View, target.View);
    }

    /// <summary>The optimizer step on the gradient divided by <paramref name="gradientDivisor"/> (<see cref="Trainer.ApplyGradient"/>).</summary>
    public void ApplyGradient(float gradientDivisor) => trainer.ApplyGradient(gradientDivisor);

    /// <summary>The last step's mean SDF loss and mean (‖∇f‖ − 1)² (one small copy from the device).</summary>
    public SdfLosses ReadLosses()
    {
        var losses = trainer.ReadLosses();
        return new SdfLosses(losses.Loss, losses.Regularizer);
    }

    /// <summary>Whether the last step's gradient or parameters hold NaN or ∞ (one small copy from the device).</summary>
    public NonFiniteKinds CheckFinite() => trainer.CheckFinite();

    /// <summary>The parameters, copied to the host.</summary>
    public float[] ReadParameters() => trainer.ReadParameters();

    /// <inheritdoc/>
    public void Dispose()
    {
        trainer.Dispose();
        poolPoints.Dispose();
        poolDistances.Dispose();
        input.Dispose();
        target.Dispose();
    }
}
