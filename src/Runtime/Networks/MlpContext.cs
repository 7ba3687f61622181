using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Networks;

/// <summary>
/// What a training forward keeps for the backward passes (pre-activations, activations) and the scratch those
/// passes write, owned by this object: dispose it when the step is done. Networks hold no per-step state.
/// </summary>
public sealed class MlpContext : IDisposable
{
    private readonly Accelerator accelerator;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> preActivations, activations, outputPreActivations, deltas, outputDeltas;
    private MemoryBuffer1D<float, Stride1D.Dense>? tangents, tangentActivations, secondDeltas, outputSecondDeltas;

    internal MlpContext(Accelerator accelerator, MlpLayout layout, int batch)
    {
        this.accelerator = accelerator;
        Layout = layout;
        BatchSize = batch;
        var layerFloats = (long)layout.HiddenLayers * layout.Width * batch;
        preActivations = accelerator.Allocate1D<float>(layerFloats);
        activations = accelerator.Allocate1D<float>(layerFloats);
        deltas = accelerator.Allocate1D<float>(layerFloats);
        outputPreActivations = accelerator.Allocate1D<float>((long)layout.OutputWidth * batch);
        outputDeltas = accelerator.Allocate1D<float>((long)layout.OutputWidth * batch);
    }

    /// <summary>The network shape this context belongs to.</summary>
    public MlpLayout Layout { get; }

    /// <summary>Samples in the batch.</summary>
    public int BatchSize { get; }

    internal MlpViews Bind(MlpViews views)
    {
        views.PreActivations = preActivations.View;
        views.Activations = activations.View;
        views.OutputPreActivations = outputPreActivations.View;
        views.Deltas = deltas.View;
        views.OutputDeltas = outputDeltas.View;
        return views;
    }

    internal MlpViews BindSecondOrder(MlpViews views)
    {
        var layerFloats = (long)Layout.HiddenLayers * Layout.Width * BatchSize;
        tangents ??= accelerator.Allocate1D<float>(layerFloats);
        tangentActivations ??= accelerator.Allocate1D<float>(layerFloats);
        secondDeltas ??= accelerator.Allocate1D<float>(layerFloats);
        outputSecondDeltas ??= accelerator.Allocate1D<float>((long)Layout.OutputWidth * BatchSize);
        views = Bind(views);
        views.Tangents = tangents.View;
        views.TangentActivations = tangentActivations.View;
        views.SecondDeltas = secondDeltas.View;
        views.OutputSecondDeltas = outputSecondDeltas.View;
        return views;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        preActivations.Dispose();
        activations.Dispose();
        outputPreActivations.Dispose();
        deltas.Dispose();
        outputDeltas.Dispose();
        tangents?.Dispose();
        tangentActivations?.Dispose();
        secondDeltas?.Dispose();
        outputSecondDeltas?.Dispose();
    }
}
