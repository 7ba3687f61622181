using ILGPU;
using ILGPU.Runtime;
using TinyNN.Evaluation;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Training;

/// <summary>
/// A trained model as an SDF over [-1, 1]³ for the host-side tools (marching cubes, the sphere tracer, metrics):
/// batched inference on the device, and ∇ₓf by the model's backward pass.
/// </summary>
public sealed class ModelSdf : IDisposable
{
    private readonly NetworkWithInputEncoding model;
    private readonly ModelContext context;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> parameters, input, output, ones, inputGradient;
    private readonly float[] hostInput;

    /// <summary>Wraps <paramref name="model"/> with <paramref name="parameters"/>; batches of up to <see cref="Capacity"/> points.</summary>
    public ModelSdf(NetworkWithInputEncoding model, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        this.model = model;
        var a = model.Device.Accelerator;
        context = model.CreateContext(Capacity);
        this.parameters = a.Allocate1D(parameters);
        input = a.Allocate1D<float>(3L * Capacity);
        output = a.Allocate1D<float>(Capacity);
        ones = a.Allocate1D(Enumerable.Repeat(1f, Capacity).ToArray());
        inputGradient = a.Allocate1D<float>(3L * Capacity);
        hostInput = new float[3 * Capacity];
    }

    /// <summary>Points a device call takes.</summary>
    public int Capacity => SdfSampler.MaxBatch;

    /// <summary>f at xyz-interleaved points (any count; split into device batches).</summary>
    public void Evaluate(ReadOnlySpan<float> points, Span<float> distances)
    {
        for (var start = 0; start < distances.Length; start += Capacity)
        {
            var n = Math.Min(Capacity, distances.Length - start);
            Upload(points.Slice(3 * start, 3 * n));
            model.Inference(context, parameters.View, input.View, output.View, n);
            ((ArrayView<float>)output.View).SubView(0, n).CopyToCPU(distances.Slice(start, n));
        }
    }

    /// <summary>∇ₓf at xyz-interleaved points into <paramref name="gradients"/> (xyz-interleaved).</summary>
    public void Gradient(ReadOnlySpan<float> points, Span<float> gradients)
    {
        for (var start = 0; start < points.Length / 3; start += Capacity)
        {
            var n = Math.Min(Capacity, points.Length / 3 - start);
            Upload(points.Slice(3 * start, 3 * n));
            model.Forward(context, parameters.View, input.View, output.View, n);
            model.Backward(context, parameters.View, input.View, ones.View, inputGradient.View, default, GradientMode.Ignore);
            var slice = gradients.Slice(3 * start, 3 * n);
            ((ArrayView<float>)inputGradient.View).SubView(0, 3L * n).CopyToCPU(slice);
            // ∇ₓf = ½ ∇ᵤf for u = (x + 1)/2.
            for (var i = 0; i < slice.Length; i++) slice[i] *= 0.5f;
        }
    }

    /// <summary>This SDF as the delegate the imaging and metrics code takes.</summary>
    public SdfBatch AsBatch() => Evaluate;

    private void Upload(ReadOnlySpan<float> points)
    {
        for (var i = 0; i < points.Length; i++) hostInput[i] = 0.5f * points[i] + 0.5f;
        ((ArrayView<float>)input.View).SubView(0, points.Length).CopyFromCPU(hostInput.AsSpan(0, points.Length));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        context.Dispose();
        parameters.Dispose();
        input.Dispose();
        output.Dispose();
        ones.Dispose();
        inputGradient.Dispose();
    }
}
