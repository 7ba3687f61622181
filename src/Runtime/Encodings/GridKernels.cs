using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>Everything a grid pass reads and writes; views a pass does not use are left empty.</summary>
internal struct GridKernelArguments
{
    public ArrayView<GridLevelData> Levels;
    public ArrayView<float> Parameters;
    public ArrayView<float> Input;

    /// <summary>y (forward) or dL₂/d(dL₁/dy) (backward-backward): [batch, PaddedOutputWidth].</summary>
    public ArrayView<float> Output;

    /// <summary>b = dL₁/dy: [batch, PaddedOutputWidth].</summary>
    public ArrayView<float> OutputGradient;

    /// <summary>u = dL₂/d(dL₁/dx): [batch, D].</summary>
    public ArrayView<float> Direction;

    /// <summary>dL/dx, zeroed by the host and summed over levels with atomics: [batch, D].</summary>
    public ArrayView<float> InputGradient;

    public ArrayView<float> ParameterGradient;
    public int Batch;
    public int OutputWidth;
    public int PaddedOutputWidth;
    public int ComputeParameterGradient;
    public int ComputeInputGradient;
}

/// <summary>
/// The grid passes, one thread per (level, sample), level-major (thread = level·batch + sample) so a block works
/// on one level's table at a time, as tcnn's grid kernels do. Each is specialised per dimension count TD, feature
/// count TF and interpolation TI, and runs the one corner loop <see cref="SumCorners"/> with its
/// <see cref="IGridPass"/>. A vertex's table entry for F features is params[(offset_l + entry)·F + f].
/// </summary>
internal static class GridKernels
{
    /// <summary>y[s, l·F + f] = Σ_corners W·table[entry, f]; level 0's thread writes the padding columns (0).</summary>
    public static void Forward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        var (level, sample) = Locate(index, a);
        var sums = SumCorners<TD, TF, TI, GridForwardPass>(a, level, sample, default, default);
        WriteRow<TF>(a.Output, a, sample, level, sums.Features);
    }

    /// <summary>
    /// dL₁/dθ: b[s, l·F + f]·W scattered to each corner's entry (weight 1 at Nearest's vertex); dL₁/dx_d:
    /// Σ_corners (b·table[entry])·∂W/∂x_d, added over levels with atomics (not launched for Nearest's zero dL₁/dx).
    /// </summary>
    public static void Backward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        var (level, sample) = Locate(index, a);
        var b = GridFeatures.Load<TF>(a.OutputGradient, (long)sample * a.PaddedOutputWidth + level * TF.Value);
        var sums = SumCorners<TD, TF, TI, GridBackwardPass>(a, level, sample, b, default);
        if (TI.Interpolates && a.ComputeInputGradient != 0) AddInputGradient<TD>(a, sample, sums);
    }

    /// <summary>
    /// With u = dL₂/d(dL₁/dx) and G = Σ_d u_d·∂W/∂x_d per corner: dL₂/d(dL₁/dy)[s, l·F + f] = Σ_corners G·table[entry, f]
    /// (the Jacobian times u), dL₂/dθ = G·b scattered to each corner, and dL₂/dx_k = Σ_corners (b·table[entry])·
    /// Σ_d u_d·∂²W/∂x_d∂x_k. Interpolating grids only: Nearest's second-order outputs are all 0.
    /// </summary>
    public static void BackwardBackward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        var (level, sample) = Locate(index, a);
        var b = GridFeatures.Load<TF>(a.OutputGradient, (long)sample * a.PaddedOutputWidth + level * TF.Value);
        var u = GridDirection.Load<TD>(a.Direction, (long)sample * TD.Value);
        var sums = SumCorners<TD, TF, TI, GridBackwardBackwardPass<TD, TI>>(a, level, sample, b, u);
        WriteRow<TF>(a.Output, a, sample, level, sums.Features);
        if (a.ComputeInputGradient != 0) AddInputGradient<TD>(a, sample, sums);
    }

    /// <summary>The thread's level and sample (level-major).</summary>
    private static (int Level, int Sample) Locate(Index1D index, GridKernelArguments a)
    {
        int thread = index;
        var level = thread / a.Batch;
        return (level, thread - level * a.Batch);
    }

    /// <summary>
    /// The one loop over the sample's cell corners at <paramref name="level"/>: 2^D of them, or straight-line code for
    /// Nearest's single vertex (weight 1).
    /// </summary>
    private static GridCornerSums SumCorners<TD, TF, TI, TP>(GridKernelArguments a, int level, int sample, GridFeatures b, GridDirection u)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator where TP : struct, IGridPass
    {
        var data = a.Levels[level];
        var cell = GridCell.Create<TD, TI>(data, a.Input, (long)sample * TD.Value);
        if (!TI.Interpolates) return AddCorner<TD, TF, TI, TP>(a, data, GridCorner.Create<TD>(data, cell, 0), b, u, default);
        var sums = default(GridCornerSums);
        for (var corner = 0; corner < 1 << TD.Value; corner++)
        {
            sums = AddCorner<TD, TF, TI, TP>(a, data, GridCorner.Create<TD>(data, cell, corner), b, u, sums);
        }
        return sums;
    }

    /// <summary>
    /// One corner with its scale s from <typeparamref name="TP"/>: adds s·table[entry] to the features of passes that sum
    /// them; for passes that scatter, adds s·b atomically to dL/dθ and (b·table[entry])·term_k to the dL/dx_k sums.
    /// </summary>
    private static GridCornerSums AddCorner<TD, TF, TI, TP>(GridKernelArguments a, GridLevelData data, GridCorner c, GridFeatures b,
        GridDirection u, GridCornerSums sums)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator where TP : struct, IGridPass
    {
        var address = Address<TF>(data, c.Entry);
        var s = TP.Scale(c, u);
        var inputGradient = TP.Scatters && TI.Interpolates && a.ComputeInputGradient != 0;
        if (TP.SumsFeatures || inputGradient)
        {
            var value = GridFeatures.Load<TF>(a.Parameters, address);
            if (TP.SumsFeatures) sums.Features = GridFeatures.MultiplyAdd<TF>(s, value, sums.Features);
            if (inputGradient)
            {
                var beta = GridFeatures.Dot<TF>(b, value);
                sums.X0 += beta * TP.InputTerm(c, 0, u);
                sums.X1 += beta * TP.InputTerm(c, 1, u);
                if (TD.Value > 2) sums.X2 += beta * TP.InputTerm(c, 2, u);
                if (TD.Value > 3) sums.X3 += beta * TP.InputTerm(c, 3, u);
            }
        }
        if (TP.Scatters && a.ComputeParameterGradient != 0) GridFeatures.AtomicAdd<TF>(a.ParameterGradient, address, s, b);
        return sums;
    }

    /// <summary>First float of a table entry.</summary>
    private static long Address<TF>(GridLevelData level, uint entry) where TF : struct, IGridCount =>
        level.ParameterOffset + (long)entry * TF.Value;

    /// <summary>Writes the level's F columns of a [batch, PaddedOutputWidth] row; level 0 also zeroes the padding.</summary>
    private static void WriteRow<TF>(ArrayView<float> output, GridKernelArguments a, int sample, int level, GridFeatures values)
        where TF : struct, IGridCount
    {
        var row = (long)sample * a.PaddedOutputWidth;
        GridFeatures.Store<TF>(output, row + level * TF.Value, values);
        if (level == 0)
        {
            for (var column = a.OutputWidth; column < a.PaddedOutputWidth; column++) output[row + column] = 0f;
        }
    }

    private static void AddInputGradient<TD>(GridKernelArguments a, int sample, GridCornerSums sums) where TD : struct, IGridCount
    {
        var row = (long)sample * TD.Value;
        FloatAtomics.Add(a.InputGradient, row, sums.X0);
        FloatAtomics.Add(a.InputGradient, row + 1, sums.X1);
        if (TD.Value > 2) FloatAtomics.Add(a.InputGradient, row + 2, sums.X2);
        if (TD.Value > 3) FloatAtomics.Add(a.InputGradient, row + 3, sums.X3);
    }
}

/// <summary>What a corner loop sums: one level's output features and the sample's dL/dx terms (axes past D stay 0).</summary>
internal struct GridCornerSums
{
    public GridFeatures Features;
    public float X0, X1, X2, X3;
}

/// <summary>u = dL₂/d(dL₁/dx) of one sample; axes past D are 0.</summary>
internal struct GridDirection
{
    public float U0, U1, U2, U3;

    /// <summary>The D components at <paramref name="offset"/>.</summary>
    public static GridDirection Load<TD>(ArrayView<float> direction, long offset) where TD : struct, IGridCount
    {
        var u = default(GridDirection);
        u.U0 = direction[offset];
        u.U1 = direction[offset + 1];
        if (TD.Value > 2) u.U2 = direction[offset + 2];
        if (TD.Value > 3) u.U3 = direction[offset + 3];
        return u;
    }
}
