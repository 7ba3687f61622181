using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// Widths 64 and 128 on a GPU: the warp-cooperative tiles of <see cref="TiledMlpKernels"/> (one sample a thread runs out
/// of registers there), full layers on tensor cores where <typeparamref name="TCores"/> says so. Training calls first
/// build the call's <see cref="WeightImage"/>. Width-64 inference keeps the per-sample kernel with staged weights, which
/// measured faster (H100, 2^20: 813 against 522 M samples/s, Softplus; benchmarks/RESULTS.md).
/// </summary>
internal sealed class TiledStrategy<TVector, THidden, TOutput, TCores> : IMlpStrategy
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
    where TCores : struct, ITensorCores
{
    private readonly ComputeDevice device;
    private readonly MlpLayout layout;
    private readonly Lazy<Action<KernelConfig, MlpViews, int, int>> forward, backward, tangentSweep, secondAdjointSweep;
    private readonly Lazy<Action<Index1D, ArrayView<Float4>, ArrayView<float>, int, int, int, int, long>> buildWeightImage;
    private readonly SharedWeightStrategy<TVector, THidden, TOutput>? inference;

    public TiledStrategy(ComputeDevice device, MlpLayout layout)
    {
        this.device = device;
        this.layout = layout;
        // Compiled at first launch: an inference-only network never compiles the others.
        forward = new(() => device.LoadGroupedKernel<MlpViews, int, int>(TiledMlpKernels.Forward<THidden, TOutput, TCores>));
        backward = new(() => device.LoadGroupedKernel<MlpViews, int, int>(TiledMlpKernels.Backward<THidden, TOutput, TCores>));
        tangentSweep = new(() => device.LoadGroupedKernel<MlpViews, int, int>(TiledMlpKernels.TangentSweep<THidden, TOutput, TCores>));
        secondAdjointSweep = new(() => device.LoadGroupedKernel<MlpViews, int, int>(TiledMlpKernels.SecondAdjointSweep<THidden, TOutput, TCores>));
        buildWeightImage = new(() => device.LoadKernel<ArrayView<Float4>, ArrayView<float>, int, int, int, int, long>(WeightImage.Build));
        if (layout.Width <= FusedStrategyChoice.MaxRegisterWidth && SharedWeightStrategy<TVector, THidden, TOutput>.Fits(device, layout))
        {
            inference = new SharedWeightStrategy<TVector, THidden, TOutput>(device, layout);
        }
    }

    public MlpStrategyKind Kind => MlpStrategyKind.Tiled;

    public IEnumerable<Action> KernelLoads =>
    [
        () => _ = forward.Value, () => _ = backward.Value, () => _ = tangentSweep.Value, () => _ = secondAdjointSweep.Value,
        // Of the per-sample strategy it borrows for inference, only the forward pass: the others never run here (4 large
        // kernels fewer to compile and JIT on a fresh machine).
        () => _ = buildWeightImage.Value, .. inference?.InferenceKernelLoads ?? [],
    ];

    /// <summary>
    /// With a context: builds the call's weight image in it (one small launch; the weights may have changed since the
    /// last call) and binds it, so every group stages its weights by plain copies. Without one (inference) the passes
    /// stage from the parameters.
    /// </summary>
    private MlpViews WithWeightImage(MlpViews views, MlpContext? context)
    {
        if (context is null) return views;
        var image = context.WeightImage();
        buildWeightImage.Value((int)image.Length, image, views.Weights, layout.Width, layout.InputWidth, layout.HiddenLayers, layout.OutputWidth,
            views.OutputMatrixOffset);
        views.WeightImage = image;
        return views;
    }

    private void Launch(Lazy<Action<KernelConfig, MlpViews, int, int>> pass, MlpViews views, int flag)
    {
        var width = layout.Width;
        var tiles = (views.BatchSize + TiledMlpKernels.Samples - 1) / TiledMlpKernels.Samples;
        pass.Value(
            new KernelConfig(tiles, width, SharedMemoryConfig.RequestDynamic<Float4>(TiledMlpKernels.SharedFloat4s(width))), views, width, flag);
    }

    public void Forward(MlpViews views, bool keep, MlpContext? context)
    {
        if (!keep && inference is not null) inference.Forward(views, keep: false, context: null);
        else Launch(forward, WithWeightImage(views, keep ? context : null), keep ? 1 : 0);
    }

    public void Backward(MlpViews views, bool inputGradient, MlpContext context) =>
        Launch(backward, WithWeightImage(views, context), inputGradient ? 1 : 0);

    public void BackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent)
    {
        views = WithWeightImage(views, context);
        Launch(tangentSweep, views, 0);
        if (!adjointsAreCurrent) Launch(backward, views, 0); // the backward without dL/dx is the first-order adjoint sweep
        Launch(secondAdjointSweep, views, 0);
    }
}
