using ILGPU;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// One sample a thread, every layer in the generated registers of <typeparamref name="TVector"/>: the CPU fast path
/// (the kernels called under Parallel.For) and ILGPU's simulator with small groups. Kernels compile at first launch.
/// </summary>
internal sealed class PerSampleStrategy<TVector, THidden, TOutput> : IMlpStrategy
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    private readonly Lazy<Action<Index1D, MlpViews, int>> forward, backward;
    private readonly Lazy<Action<Index1D, MlpViews>> tangentSweep, adjointSweep, secondAdjointSweep;

    public PerSampleStrategy(ComputeDevice device)
    {
        forward = new(() => device.LoadKernel<MlpViews, int>(FusedMlpKernels.Forward<TVector, THidden, TOutput>));
        backward = new(() => device.LoadKernel<MlpViews, int>(FusedMlpKernels.Backward<TVector, THidden, TOutput>));
        tangentSweep = new(() => device.LoadKernel<MlpViews>(FusedMlpKernels.TangentSweep<TVector, THidden, TOutput>));
        adjointSweep = new(() => device.LoadKernel<MlpViews>(FusedMlpKernels.AdjointSweep<TVector, THidden, TOutput>));
        secondAdjointSweep = new(() => device.LoadKernel<MlpViews>(FusedMlpKernels.SecondAdjointSweep<TVector, THidden, TOutput>));
    }

    public MlpStrategyKind Kind => MlpStrategyKind.PerSample;

    public IEnumerable<Action> KernelLoads => [() => _ = forward.Value, () => _ = backward.Value, () => _ = tangentSweep.Value, () => _ = adjointSweep.Value, () => _ = secondAdjointSweep.Value];

    public void Forward(MlpViews views, bool keep, MlpContext? context) => forward.Value(views.BatchSize, views, keep ? 1 : 0);

    public void Backward(MlpViews views, bool inputGradient, MlpContext context) => backward.Value(views.BatchSize, views, inputGradient ? 1 : 0);

    public void BackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent)
    {
        tangentSweep.Value(views.BatchSize, views);
        if (!adjointsAreCurrent) adjointSweep.Value(views.BatchSize, views);
        secondAdjointSweep.Value(views.BatchSize, views);
    }
}
