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
/// count TF and interpolation TI. A vertex's table entry for F features is params[(offset_l + entry)·F + f].
/// </summary>
internal static class GridKernels
{
    /// <summary>y[s, l·F + f] = Σ_corners W·table[entry, f]; level 0's thread writes the padding columns (0).</summary>
    public static void Forward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        int thread = index;
        var level = thread / a.Batch;
        var sample = thread - level * a.Batch;
        var data = a.Levels[level];
        var cell = GridCell.Create<TD, TI>(data, a.Input, (long)sample * TD.Value);
        GridFeatures sum;
        if (TI.Interpolates)
        {
            sum = default;
            for (var corner = 0; corner < 1 << TD.Value; corner++)
            {
                var c = GridCorner.Create<TD>(data, cell, corner);
                sum = GridFeatures.MultiplyAdd<TF>(GridCorner.Weight(c), GridFeatures.Load<TF>(a.Parameters, Address<TF>(data, c.Entry)), sum);
            }
        }
        else
        {
            sum = GridFeatures.Load<TF>(a.Parameters, Address<TF>(data, GridCorner.Create<TD>(data, cell, 0).Entry));
        }
        WriteRow<TF>(a.Output, a, sample, level, sum);
    }

    /// <summary>
    /// dL₁/dθ: b[s, l·F + f]·W scattered to each corner's entry (weight 1 at Nearest's vertex); dL₁/dx_d:
    /// Σ_corners (b·table[entry])·∂W/∂x_d, added over levels with atomics (not launched for Nearest's zero dL₁/dx).
    /// </summary>
    public static void Backward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        int thread = index;
        var level = thread / a.Batch;
        var sample = thread - level * a.Batch;
        var data = a.Levels[level];
        var cell = GridCell.Create<TD, TI>(data, a.Input, (long)sample * TD.Value);
        var b = GridFeatures.Load<TF>(a.OutputGradient, (long)sample * a.PaddedOutputWidth + level * TF.Value);
        if (!TI.Interpolates)
        {
            if (a.ComputeParameterGradient != 0)
            {
                GridFeatures.AtomicAdd<TF>(a.ParameterGradient, Address<TF>(data, GridCorner.Create<TD>(data, cell, 0).Entry), 1f, b);
            }
            return;
        }
        float x0 = 0f, x1 = 0f, x2 = 0f, x3 = 0f;
        for (var corner = 0; corner < 1 << TD.Value; corner++)
        {
            var c = GridCorner.Create<TD>(data, cell, corner);
            var address = Address<TF>(data, c.Entry);
            if (a.ComputeParameterGradient != 0) GridFeatures.AtomicAdd<TF>(a.ParameterGradient, address, GridCorner.Weight(c), b);
            if (a.ComputeInputGradient != 0)
            {
                var beta = GridFeatures.Dot<TF>(b, GridFeatures.Load<TF>(a.Parameters, address));
                x0 += beta * GridCorner.Derivative(c, 0);
                x1 += beta * GridCorner.Derivative(c, 1);
                if (TD.Value > 2) x2 += beta * GridCorner.Derivative(c, 2);
                if (TD.Value > 3) x3 += beta * GridCorner.Derivative(c, 3);
            }
        }
        if (a.ComputeInputGradient != 0) AddInputGradient<TD>(a, sample, x0, x1, x2, x3);
    }

    /// <summary>
    /// With u = dL₂/d(dL₁/dx) and G = Σ_d u_d·∂W/∂x_d per corner: dL₂/d(dL₁/dy)[s, l·F + f] = Σ_corners G·table[entry, f]
    /// (the Jacobian times u), dL₂/dθ = G·b scattered to each corner, and dL₂/dx_k = Σ_corners (b·table[entry])·
    /// Σ_d u_d·∂²W/∂x_d∂x_k. Interpolating grids only: Nearest's second-order outputs are all 0.
    /// </summary>
    public static void BackwardBackward<TD, TF, TI>(Index1D index, GridKernelArguments a)
        where TD : struct, IGridCount where TF : struct, IGridCount where TI : struct, IGridInterpolator
    {
        int thread = index;
        var level = thread / a.Batch;
        var sample = thread - level * a.Batch;
        var data = a.Levels[level];
        var inputRow = (long)sample * TD.Value;
        var cell = GridCell.Create<TD, TI>(data, a.Input, inputRow);
        var b = GridFeatures.Load<TF>(a.OutputGradient, (long)sample * a.PaddedOutputWidth + level * TF.Value);
        var u0 = a.Direction[inputRow];
        var u1 = a.Direction[inputRow + 1];
        var u2 = TD.Value > 2 ? a.Direction[inputRow + 2] : 0f;
        var u3 = TD.Value > 3 ? a.Direction[inputRow + 3] : 0f;
        var jacobianTimesU = default(GridFeatures);
        float x0 = 0f, x1 = 0f, x2 = 0f, x3 = 0f;
        for (var corner = 0; corner < 1 << TD.Value; corner++)
        {
            var c = GridCorner.Create<TD>(data, cell, corner);
            var address = Address<TF>(data, c.Entry);
            var value = GridFeatures.Load<TF>(a.Parameters, address);
            var g = GridCorner.DirectionalDerivative<TD>(c, u0, u1, u2, u3);
            jacobianTimesU = GridFeatures.MultiplyAdd<TF>(g, value, jacobianTimesU);
            if (a.ComputeParameterGradient != 0) GridFeatures.AtomicAdd<TF>(a.ParameterGradient, address, g, b);
            if (a.ComputeInputGradient != 0)
            {
                var beta = GridFeatures.Dot<TF>(b, value);
                x0 += beta * GridCorner.DirectionalSecondDerivative<TD, TI>(c, 0, u0, u1, u2, u3);
                x1 += beta * GridCorner.DirectionalSecondDerivative<TD, TI>(c, 1, u0, u1, u2, u3);
                if (TD.Value > 2) x2 += beta * GridCorner.DirectionalSecondDerivative<TD, TI>(c, 2, u0, u1, u2, u3);
                if (TD.Value > 3) x3 += beta * GridCorner.DirectionalSecondDerivative<TD, TI>(c, 3, u0, u1, u2, u3);
            }
        }
        WriteRow<TF>(a.Output, a, sample, level, jacobianTimesU);
        if (a.ComputeInputGradient != 0) AddInputGradient<TD>(a, sample, x0, x1, x2, x3);
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

    private static void AddInputGradient<TD>(GridKernelArguments a, int sample, float x0, float x1, float x2, float x3) where TD : struct, IGridCount
    {
        var row = (long)sample * TD.Value;
        FloatAtomics.Add(a.InputGradient, row, x0);
        FloatAtomics.Add(a.InputGradient, row + 1, x1);
        if (TD.Value > 2) FloatAtomics.Add(a.InputGradient, row + 2, x2);
        if (TD.Value > 3) FloatAtomics.Add(a.InputGradient, row + 3, x3);
    }
}
