using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Networks;

/// <summary>
/// Chooses a <see cref="FullyFusedMlp"/>'s strategy once, from the device and the shape, given the structs its kernels are
/// specialised for: the one place that decides between tiles, staged weights, one sample a thread and layer by layer.
/// </summary>
/// <param name="Device">The device the passes run on.</param>
/// <param name="Layout">The network's shape.</param>
/// <param name="Kernels">Tiles or per-sample kernels on a GPU (a choice for measuring them).</param>
/// <param name="TensorCores">Tests: force the tiles' tensor cores on or off (null: what the device has).</param>
internal sealed record FusedStrategyChoice(ComputeDevice Device, MlpLayout Layout, FusedKernels Kernels, bool? TensorCores)
    : IFusedNetworkVisitor<IMlpStrategy>
{
    /// <summary>The widest layer one thread holds in registers on a GPU (a 128-vector and its product need more than 255).</summary>
    internal const int MaxRegisterWidth = 64;

    public IMlpStrategy Visit<TVector, THidden, TOutput>()
        where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
    {
        if (TVector.Width != Layout.Width)
        {
            throw new ArgumentException($"{typeof(TVector).Name} holds {TVector.Width} neurons but the layout's width is {Layout.Width}");
        }
        if (Kernels != FusedKernels.PerSample && TilesFit())
        {
            if (!(TensorCores ?? Device.TensorCores)) return new TiledStrategy<TVector, THidden, TOutput, WithoutTensorCores>(Device, Layout);
            // The instruction on a GPU; its emulation where tests force tensor cores on the simulator.
            return Device.Mode == ExecutionMode.Cuda
                ? new TiledStrategy<TVector, THidden, TOutput, WithTensorCores>(Device, Layout)
                : new TiledStrategy<TVector, THidden, TOutput, WithEmulatedTensorCores>(Device, Layout);
        }
        if (Device.Mode == ExecutionMode.Cuda && Layout.Width > MaxRegisterWidth)
        {
            // Width 128 without tiles (inputs or outputs wider than the tile, or PerSample asked): layer by layer, same results.
            return new LayerwiseStrategy<THidden, TOutput>(Device, Layout);
        }
        // The simulator takes this path too when its groups are GPU-sized (GpuPathTests), so it is tested in CI.
        if ((Device.Mode == ExecutionMode.Cuda || Device.Mode == ExecutionMode.CpuSimulator) && SharedWeightStrategy<TVector, THidden, TOutput>.Fits(Device, Layout))
        {
            return new SharedWeightStrategy<TVector, THidden, TOutput>(Device, Layout);
        }
        return new PerSampleStrategy<TVector, THidden, TOutput>(Device);
    }

    /// <summary>Whether tiles run this shape on this device (a simulator needs groups as wide as the layer).</summary>
    private bool TilesFit() =>
        TiledMlpKernels.Supports(Layout)
        && (Device.Mode == ExecutionMode.Cuda || Device.Mode == ExecutionMode.CpuSimulator && Device.Accelerator.MaxNumThreadsPerGroup >= Layout.Width);
}
