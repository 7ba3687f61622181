using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// What a training forward keeps for the backward passes (pre-activations, activations) and the scratch those
/// passes write, owned by this object: create it once per batch size (<see cref="MlpNetwork.CreateContext"/>),
/// reuse it every step (no allocation in a step) and dispose it at the end. Networks hold no per-step state.
/// </summary>
public sealed class MlpContext : IDisposable
{
    private readonly Accelerator accelerator;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> preActivations, activations, outputPreActivations, deltas, outputDeltas;
    private MemoryBuffer1D<Float4, Stride1D.Dense>? weightImage;
    private MemoryBuffer1D<float, Stride1D.Dense>? tangents, tangentActivations, adjoints, secondDeltas, outputSecondDeltas, scratchA, scratchB, partials;
    private bool disposed;

    internal MlpContext(Accelerator accelerator, MlpLayout layout, int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), $"context capacity must be ≥ 1 sample (got {capacity})");
        this.accelerator = accelerator;
        Layout = layout;
        Capacity = capacity;
        BatchSize = capacity;
        var layerFloats = (long)layout.HiddenLayers * layout.Width * capacity;
        preActivations = accelerator.Allocate1D<float>(layerFloats);
        activations = accelerator.Allocate1D<float>(layerFloats);
        deltas = accelerator.Allocate1D<float>(layerFloats);
        outputPreActivations = accelerator.Allocate1D<float>((long)layout.OutputWidth * capacity);
        outputDeltas = accelerator.Allocate1D<float>((long)layout.OutputWidth * capacity);
    }

    /// <summary>The network shape this context belongs to.</summary>
    public MlpLayout Layout { get; }

    /// <summary>The largest batch this context holds.</summary>
    public int Capacity { get; }

    /// <summary>Samples in the batch of the last forward.</summary>
    public int BatchSize { get; private set; }

    internal void Begin(MlpLayout layout, int batch)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (layout != Layout) throw new ArgumentException($"this context was made for {Describe(Layout)}, not {Describe(layout)}");
        if (batch < 1 || batch > Capacity) throw new ArgumentOutOfRangeException(nameof(batch), $"batch must be 1..{Capacity} for this context (got {batch})");
        BatchSize = batch;
    }

    private static string Describe(MlpLayout l) => $"an MLP {l.InputWidth}→{l.Width}×{l.HiddenLayers}→{l.OutputWidth}";

    internal MlpViews Bind(MlpViews views)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        views.PreActivations = preActivations.View;
        views.PreActivationsAddress = L2Prefetch.AddressOf(preActivations.View);
        views.Activations = activations.View;
        views.OutputPreActivations = outputPreActivations.View;
        views.Deltas = deltas.View;
        views.OutputDeltas = outputDeltas.View;
        return views;
    }

    internal MlpViews BindSecondOrder(MlpViews views)
    {
        var layerFloats = (long)Layout.HiddenLayers * Layout.Width * Capacity;
        tangents ??= accelerator.Allocate1D<float>(layerFloats);
        tangentActivations ??= accelerator.Allocate1D<float>(layerFloats);
        adjoints ??= accelerator.Allocate1D<float>(layerFloats);
        secondDeltas ??= accelerator.Allocate1D<float>(layerFloats);
        outputSecondDeltas ??= accelerator.Allocate1D<float>((long)Layout.OutputWidth * Capacity);
        views = Bind(views);
        views.Tangents = tangents.View;
        views.TangentActivations = tangentActivations.View;
        views.Adjoints = adjoints.View;
        views.TangentsAddress = L2Prefetch.AddressOf(tangents.View);
        views.AdjointsAddress = L2Prefetch.AddressOf(adjoints.View);
        views.SecondDeltas = secondDeltas.View;
        views.OutputSecondDeltas = outputSecondDeltas.View;
        return views;
    }

    /// <summary>Two [max(width, input, output) × batch] scratch vectors for layer-by-layer passes (allocated on first use).</summary>
    internal (ArrayView<float> A, ArrayView<float> B) Scratch()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var floats = (long)Math.Max(Layout.Width, Math.Max(Layout.InputWidth, Layout.OutputWidth)) * Capacity;
        scratchA ??= accelerator.Allocate1D<float>(floats);
        scratchB ??= accelerator.Allocate1D<float>(floats);
        return (scratchA.View, scratchB.View);
    }

    /// <summary>At least <paramref name="floats"/> floats for the GPU's per-chunk dW partial sums (grown on demand, kept).</summary>
    internal ArrayView<float> Partials(long floats)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (partials is null || partials.Length < floats)
        {
            partials?.Dispose();
            partials = accelerator.Allocate1D<float>(floats);
        }
        return partials.View.SubView(0, floats);
    }

    /// <summary>The <see cref="Networks.WeightImage"/> of this context's layout (allocated on first use, kept).</summary>
    internal ArrayView<Float4> WeightImage()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        weightImage ??= accelerator.Allocate1D<Float4>(Networks.WeightImage.Quads(Layout));
        return weightImage.View;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        preActivations.Dispose();
        activations.Dispose();
        outputPreActivations.Dispose();
        deltas.Dispose();
        outputDeltas.Dispose();
        tangents?.Dispose();
        tangentActivations?.Dispose();
        adjoints?.Dispose();
        secondDeltas?.Dispose();
        outputSecondDeltas?.Dispose();
        scratchA?.Dispose();
        scratchB?.Dispose();
        partials?.Dispose();
        weightImage?.Dispose();
    }
}
