using ILGPU;

namespace TinyNN.Encodings;

/// <summary>
/// The forward, backward and backward-backward grid kernels of one dimension count D, feature count F and
/// interpolation, closed over their struct type arguments by typed dispatch (ILGPU specialises each closure).
/// </summary>
internal readonly record struct GridKernelSet(
    Action<Index1D, GridKernelArguments> Forward,
    Action<Index1D, GridKernelArguments> Backward,
    Action<Index1D, GridKernelArguments> BackwardBackward)
{
    /// <summary>The kernels for <paramref name="dimensions"/> 2, 3 or 4 and <paramref name="features"/> 1, 2, 4 or 8.</summary>
    public static GridKernelSet For(int dimensions, int features, GridInterpolation interpolation) => dimensions switch
    {
        2 => WithDimensions<GridCount2>(features, interpolation),
        3 => WithDimensions<GridCount3>(features, interpolation),
        4 => WithDimensions<GridCount4>(features, interpolation),
        _ => throw new ArgumentOutOfRangeException(nameof(dimensions), $"grid kernels exist for 2, 3 or 4 input dimensions (got {dimensions})"),
    };

    private static GridKernelSet WithDimensions<TD>(int features, GridInterpolation interpolation) where TD : struct, IGridCount => features switch
    {
        1 => WithCounts<TD, GridCount1>(interpolation),
        2 => WithCounts<TD, GridCount2>(interpolation),
        4 => WithCounts<TD, GridCount4>(interpolation),
        8 => WithCounts<TD, GridCount8>(interpolation),
        _ => throw new ArgumentOutOfRangeException(nameof(features), $"grid kernels exist for 1, 2, 4 or 8 features per level (got {features})"),
    };

    private static GridKernelSet WithCounts<TD, TF>(GridInterpolation interpolation)
        where TD : struct, IGridCount where TF : struct, IGridCount => interpolation switch
    {
        GridInterpolation.Nearest => Of<TD, TF, GridNearest>(),
        GridInterpolation.Linear => Of<TD, TF, GridLinear>(),
        GridInterpolation.Smoothstep => Of<TD, TF, GridSmoothstep>(),
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), $"grid interpolation must be Nearest, Linear or Smoothstep (got {(int)interpolation})"),
    };

    private static GridKernelSet Of<TD, TF, TI>()
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator =>
        new(GridKernels.Forward<TD, TF, TI>, GridKernels.Backward<TD, TF, TI>, GridKernels.BackwardBackward<TD, TF, TI>);
}
