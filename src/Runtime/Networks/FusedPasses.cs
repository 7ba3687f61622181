using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>One fused per-sample pass as a type, so a GPU wrapper can be generic over which pass it runs.</summary>
public interface IFusedPass
{
    /// <summary>Runs the pass for one sample (<paramref name="flag"/>: the pass's int argument, where it has one).</summary>
    static abstract void Run(Index1D sample, MlpViews views, int flag);
}

/// <summary><see cref="FusedMlpKernels.Forward{TVector, THidden, TOutput}"/> as a pass.</summary>
public struct ForwardPass<TVector, THidden, TOutput> : IFusedPass
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static void Run(Index1D sample, MlpViews views, int flag) => FusedMlpKernels.Forward<TVector, THidden, TOutput>(sample, views, flag);
}

/// <summary><see cref="FusedMlpKernels.Backward{TVector, THidden, TOutput}"/> as a pass.</summary>
public struct BackwardPass<TVector, THidden, TOutput> : IFusedPass
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static void Run(Index1D sample, MlpViews views, int flag) => FusedMlpKernels.Backward<TVector, THidden, TOutput>(sample, views, flag);
}

/// <summary><see cref="FusedMlpKernels.TangentSweep{TVector, THidden, TOutput}"/> as a pass.</summary>
public struct TangentSweepPass<TVector, THidden, TOutput> : IFusedPass
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static void Run(Index1D sample, MlpViews views, int flag) => FusedMlpKernels.TangentSweep<TVector, THidden, TOutput>(sample, views);
}

/// <summary><see cref="FusedMlpKernels.AdjointSweep{TVector, THidden, TOutput}"/> as a pass.</summary>
public struct AdjointSweepPass<TVector, THidden, TOutput> : IFusedPass
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static void Run(Index1D sample, MlpViews views, int flag) => FusedMlpKernels.AdjointSweep<TVector, THidden, TOutput>(sample, views);
}

/// <summary><see cref="FusedMlpKernels.SecondAdjointSweep{TVector, THidden, TOutput}"/> as a pass.</summary>
public struct SecondAdjointSweepPass<TVector, THidden, TOutput> : IFusedPass
    where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation
{
    /// <inheritdoc/>
    public static void Run(Index1D sample, MlpViews views, int flag) => FusedMlpKernels.SecondAdjointSweep<TVector, THidden, TOutput>(sample, views);
}
