using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// The per-sample passes on a GPU behind <see cref="SharedWeightKernels.Run{TPass}"/>: each group first stages the whole
/// parameter vector in shared memory (≤ <see cref="SharedWeightKernels.MaxParameters"/>). Widths 16 and 32, and width-64
/// inference, where one thread's registers hold a layer.
/// </summary>
internal sealed class SharedWeightStrategy<TVector, THidden, TOutput> : IMlpStrategy
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    private readonly ComputeDevice device;
    private readonly MlpLayout layout;
    private readonly Lazy<Action<KernelConfig, MlpViews, int, int>> forward, backward, tangentSweep, adjointSweep, secondAdjointSweep;

    public SharedWeightStrategy(ComputeDevice device, MlpLayout layout)
    {
        this.device = device;
        this.layout = layout;
        forward = Load<ForwardPass<TVector, THidden, TOutput>>(device);
        backward = Load<BackwardPass<TVector, THidden, TOutput>>(device);
        tangentSweep = Load<TangentSweepPass<TVector, THidden, TOutput>>(device);
        adjointSweep = Load<AdjointSweepPass<TVector, THidden, TOutput>>(device);
        secondAdjointSweep = Load<SecondAdjointSweepPass<TVector, THidden, TOutput>>(device);
    }

    /// <summary>Whether a network of this shape fits: its parameters in shared memory, and groups of GPU size.</summary>
    public static bool Fits(ComputeDevice device, MlpLayout layout) =>
        layout.ParameterCount <= SharedWeightKernels.MaxParameters && device.Accelerator.MaxNumThreadsPerGroup >= SharedWeightKernels.GroupSize;

    private static Lazy<Action<KernelConfig, MlpViews, int, int>> Load<TPass>(ComputeDevice device) where TPass : struct, IFusedPass =>
        new(() => device.LoadGroupedKernel<MlpViews, int, int>(SharedWeightKernels.Run<TPass>));

    public MlpStrategyKind Kind => MlpStrategyKind.SharedWeight;

    public IEnumerable<Action> KernelLoads => [() => _ = forward.Value, () => _ = backward.Value, () => _ = tangentSweep.Value, () => _ = adjointSweep.Value, () => _ = secondAdjointSweep.Value];

    /// <summary>The forward pass's load alone: what a strategy that borrows this one for inference compiles (<see cref="TiledStrategy{TVector, THidden, TOutput, TCores}"/>).</summary>
    public IEnumerable<Action> InferenceKernelLoads => [() => _ = forward.Value];

    /// <summary>Launches a pass: one thread a sample, the parameter vector as dynamic shared memory.</summary>
    public void Launch(Lazy<Action<KernelConfig, MlpViews, int, int>> pass, MlpViews views, int flag)
    {
        var count = (int)layout.ParameterCount;
        var groups = (views.BatchSize + SharedWeightKernels.GroupSize - 1) / SharedWeightKernels.GroupSize;
        pass.Value(new KernelConfig(groups, SharedWeightKernels.GroupSize, SharedMemoryConfig.RequestDynamic<float>(count)),
            views, count, flag);
    }

    /// <summary>Inference or training forward.</summary>
    public void Forward(MlpViews views, bool keep, MlpContext? context) => Launch(forward, views, keep ? 1 : 0);

    public void Backward(MlpViews views, bool inputGradient, MlpContext context) => Launch(backward, views, inputGradient ? 1 : 0);

    public void BackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent)
    {
        Launch(tangentSweep, views, 0);
        if (!adjointsAreCurrent) Launch(adjointSweep, views, 0);
        Launch(secondAdjointSweep, views, 0);
    }
}
