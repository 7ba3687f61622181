using ILGPU;
using ILGPU.Runtime;
using TinyNN.Losses;
using TinyNN.Models;
using TinyNN.Networks;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>Mean loss terms of the last step, read back from the device.</summary>
public readonly record struct TrainingLosses(double Loss, double Regularizer);

/// <summary>
/// Trains a model on batches the caller puts on the device: forward, the loss against the targets, backward, and,
/// with a regulariser on ∇ₓf, its parameter gradient through backward_backward_input, then the optimizer — all
/// on the device, with no host round-trip. Losses and the finiteness check are read only when asked.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly NetworkWithInputEncoding model;
    private readonly Optimizer optimizer;
    private readonly Loss loss;
    private readonly InputGradientRegularizer? regularizer;
    private readonly LossReduction reduction;
    private readonly NonFiniteCheck nonFinite;
    private readonly ModelContext context;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> parameters, gradient, output, ones, inputGradient, direction, secondOutput,
        lossValues, lossGradient, regularizerValues, sums;

    /// <summary>Sets up training in batches of <paramref name="batchSize"/> from <paramref name="initialParameters"/>.</summary>
    public Trainer(NetworkWithInputEncoding model, Loss loss, Optimizer optimizer, float[] initialParameters, int batchSize,
        InputGradientRegularizer? regularizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(initialParameters);
        if (initialParameters.Length != model.ParameterCount)
        {
            throw new ArgumentException($"the model has {model.ParameterCount} parameters; got {initialParameters.Length}", nameof(initialParameters));
        }
        if (optimizer.ParameterCount != model.ParameterCount)
        {
            throw new ArgumentException($"the optimizer was made for {optimizer.ParameterCount} parameters; the model has {model.ParameterCount}", nameof(optimizer));
        }
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be ≥ 1 (got {batchSize})");
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.regularizer = regularizer;
        BatchSize = batchSize;
        var device = model.Device;
        var a = device.Accelerator;
        reduction = new LossReduction(device);
        nonFinite = new NonFiniteCheck(device);
        context = model.CreateContext(batchSize);
        var outputs = (long)batchSize * model.OutputWidth;
        var inputs = (long)batchSize * model.InputWidth;
        parameters = a.Allocate1D(initialParameters);
        gradient = a.Allocate1D<float>(model.ParameterCount);
        output = a.Allocate1D<float>(outputs);
        ones = a.Allocate1D(Enumerable.Repeat(1f, (int)outputs).ToArray());
        inputGradient = a.Allocate1D<float>(inputs);
        direction = a.Allocate1D<float>(inputs);
        secondOutput = a.Allocate1D<float>(outputs);
        lossValues = a.Allocate1D<float>(outputs);
        lossGradient = a.Allocate1D<float>(outputs);
        regularizerValues = a.Allocate1D<float>(batchSize);
        sums = a.Allocate1D<float>(2);
    }

    /// <summary>Samples a step.</summary>
    public int BatchSize { get; }

    /// <summary>Steps taken (the optimizer's count, so it survives a resume).</summary>
    public long Step => optimizer.StepCount;

    /// <summary>The current parameters on the device.</summary>
    public ArrayView<float> Parameters => parameters.View;

    /// <summary>The last forward's outputs, [batch, outputs].</summary>
    public ArrayView<float> Output => output.View;

    /// <summary>The last step's parameter gradient on the device (network, then encoding: the parameters' layout).</summary>
    public ArrayView<float> Gradient => gradient.View;

    /// <summary>The model's device.</summary>
    public TinyNN.Devices.ComputeDevice Device => model.Device;

    /// <summary>One step on <paramref name="input"/> ([batch, inputs]) and <paramref name="target"/> ([batch, outputs]), both on the device.</summary>
    public void TrainStep(ArrayView<float> input, ArrayView<float> target)
    {
        ComputeGradient(input, target);
        ApplyGradient(1f);
    }

    /// <summary>
    /// A step up to its complete parameter gradient (<see cref="Gradient"/>), without the optimizer: data-parallel training
    /// sums the replicas' gradients here before each replica's <see cref="ApplyGradient"/>.
    /// </summary>
    public void ComputeGradient(ArrayView<float> input, ArrayView<float> target)
    {
        var batch = BatchSize;
        if (target.Length < (long)batch * model.OutputWidth)
        {
            throw new ArgumentException($"target holds {target.Length} floats; a step needs {(long)batch * model.OutputWidth}", nameof(target));
        }
        model.Forward(context, parameters.View, input, output.View, batch);
        loss.Evaluate(output.View, target, lossValues.View, lossGradient.View, batch * model.OutputWidth, 1f);
        if (regularizer is null)
        {
            model.Backward(context, parameters.View, input, lossGradient.View, default, gradient.View, GradientMode.Overwrite);
        }
        else
        {
            // ∇ₓ(Σ outputs), the regulariser's direction, then one backward of backward whose objective also carries
            // the loss (⟨y, dL/dy⟩ folded into the second-order sweep): no separate backward pass or GEMMs for it.
            model.Backward(context, parameters.View, input, ones.View, inputGradient.View, default, GradientMode.Ignore, keepForSecondOrder: true);
            regularizer.Evaluate(inputGradient.View, direction.View, regularizerValues.View, model.InputWidth, batch);
            model.BackwardBackwardInput(context, parameters.View, input, ones.View, direction.View, secondOutput.View, default,
                gradient.View, GradientMode.Overwrite, firstOrderIsCurrent: true, lossGradient.View);
        }
    }

    /// <summary>
    /// The optimizer step on <see cref="Gradient"/> divided by <paramref name="gradientDivisor"/> (the replica count when the
    /// gradient is a sum over replicas whose losses are each a mean over their own batch; 1 otherwise).
    /// </summary>
    public void ApplyGradient(float gradientDivisor) => optimizer.Step(parameters.View, gradient.View, gradientDivisor);

    /// <summary>The last step's mean loss and mean unweighted regulariser term (one small copy from the device).</summary>
    public TrainingLosses ReadLosses()
    {
        reduction.Sum(lossValues.View, BatchSize * model.OutputWidth, sums.View.SubView(0, 1));
        if (regularizer is not null) reduction.Mean(regularizerValues.View, BatchSize, sums.View.SubView(1, 1));
        else sums.View.SubView(1, 1).MemSetToZero();
        var values = sums.GetAsArray1D();
        return new TrainingLosses(values[0], values[1]);
    }

    /// <summary>Whether the last step's gradient or the parameters hold NaN or ∞ (one small copy from the device).</summary>
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
        foreach (var buffer in new[] { parameters, gradient, output, ones, inputGradient, direction, secondOutput, lossValues,
            lossGradient, regularizerValues, sums })
        {
            buffer.Dispose();
        }
        context.Dispose();
        reduction.Dispose();
        nonFinite.Dispose();
    }
}
