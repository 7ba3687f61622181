using ILGPU;

namespace TinyNN.Encodings;

/// <summary>One axis of a sample's cell at one level: the lower vertex and the upper vertex's weight with its x-derivatives.</summary>
internal struct GridAxis
{
    /// <summary>floor(p) as tcnn stores it, (uint)(int): negative positions wrap.</summary>
    public uint Cell;

    /// <summary>w(t), the upper vertex's weight.</summary>
    public float Weight;

    /// <summary>∂w/∂x = w′(t)·scale.</summary>
    public float Derivative;

    /// <summary>∂²w/∂x² = w″(t)·scale².</summary>
    public float SecondDerivative;

    /// <summary>
    /// p = scale·x + 0.5 rounded once to float32 (scale·x is exact in float64, so this is tcnn's fmaf), its floor
    /// and fraction t = p − floor(p) in float32, then the weights. The floor is truncation corrected downwards for
    /// negative p (one conversion; ILGPU lowers MathF.Floor to a branchy bit-level routine); it is exact for
    /// |p| &lt; 2³¹, which <see cref="GridLayout.MaxScale"/> guarantees for inputs in [−1, 1.99].
    /// </summary>
    public static GridAxis Create<TI>(GridLevelData level, float x) where TI : struct, IGridInterpolator
    {
        var p = (float)(level.Scale * x + 0.5);
        var cell = (int)p;
        if (cell > p) cell--;
        var t = p - cell;
        return new GridAxis
        {
            Cell = (uint)cell,
            Weight = TI.Weight(t),
            Derivative = TI.Derivative(t) * level.ScaleFloat,
            SecondDerivative = TI.SecondDerivative(t) * (level.ScaleFloat * level.ScaleFloat),
        };
    }
}

/// <summary>A sample's cell at one level: up to four axes; axes past D stay zero and fold away.</summary>
internal struct GridCell
{
    public GridAxis A0, A1, A2, A3;

    /// <summary>Reads the sample's D coordinates at <paramref name="offset"/> and locates them in <paramref name="level"/>.</summary>
    public static GridCell Create<TD, TI>(GridLevelData level, ArrayView<float> input, long offset)
        where TD : struct, IGridCount where TI : struct, IGridInterpolator
    {
        var cell = default(GridCell);
        cell.A0 = GridAxis.Create<TI>(level, input[offset]);
        cell.A1 = GridAxis.Create<TI>(level, input[offset + 1]);
        if (TD.Value > 2) cell.A2 = GridAxis.Create<TI>(level, input[offset + 2]);
        if (TD.Value > 3) cell.A3 = GridAxis.Create<TI>(level, input[offset + 3]);
        return cell;
    }
}

/// <summary>
/// One of the 2^D vertices of a cell: its table entry and, per axis d, the factor f_d of its weight W = Π f_d
/// (w_d for the upper vertex, 1 − w_d for the lower), e_d = ∂f_d/∂x_d and h_d = ∂²f_d/∂x_d². Axes past D have
/// f = 1, e = h = 0.
/// </summary>
internal struct GridCorner
{
    public uint Entry;
    public float F0, F1, F2, F3;
    public float E0, E1, E2, E3;
    public float H0, H1, H2, H3;

    /// <summary>Corner <paramref name="corner"/> (bit d set: upper vertex along axis d).</summary>
    public static GridCorner Create<TD>(GridLevelData level, GridCell cell, int corner) where TD : struct, IGridCount
    {
        var c = new GridCorner { F2 = 1f, F3 = 1f };
        var upper0 = (corner & 1) != 0;
        var upper1 = (corner & 2) != 0;
        c.F0 = upper0 ? cell.A0.Weight : 1f - cell.A0.Weight;
        c.E0 = upper0 ? cell.A0.Derivative : -cell.A0.Derivative;
        c.H0 = upper0 ? cell.A0.SecondDerivative : -cell.A0.SecondDerivative;
        c.F1 = upper1 ? cell.A1.Weight : 1f - cell.A1.Weight;
        c.E1 = upper1 ? cell.A1.Derivative : -cell.A1.Derivative;
        c.H1 = upper1 ? cell.A1.SecondDerivative : -cell.A1.SecondDerivative;
        var v0 = cell.A0.Cell + (upper0 ? 1u : 0u);
        var v1 = cell.A1.Cell + (upper1 ? 1u : 0u);
        uint v2 = 0, v3 = 0;
        if (TD.Value > 2)
        {
            var upper2 = (corner & 4) != 0;
            c.F2 = upper2 ? cell.A2.Weight : 1f - cell.A2.Weight;
            c.E2 = upper2 ? cell.A2.Derivative : -cell.A2.Derivative;
            c.H2 = upper2 ? cell.A2.SecondDerivative : -cell.A2.SecondDerivative;
            v2 = cell.A2.Cell + (upper2 ? 1u : 0u);
        }
        if (TD.Value > 3)
        {
            var upper3 = (corner & 8) != 0;
            c.F3 = upper3 ? cell.A3.Weight : 1f - cell.A3.Weight;
            c.E3 = upper3 ? cell.A3.Derivative : -cell.A3.Derivative;
            c.H3 = upper3 ? cell.A3.SecondDerivative : -cell.A3.SecondDerivative;
            v3 = cell.A3.Cell + (upper3 ? 1u : 0u);
        }
        c.Entry = level.Entry(v0, v1, v2, v3);
        return c;
    }

    /// <summary>W = Π_d f_d.</summary>
    public static float Weight(GridCorner c) => c.F0 * c.F1 * c.F2 * c.F3;

    /// <summary>Π of f_d over the axes other than <paramref name="a"/> and <paramref name="b"/> (constants after inlining).</summary>
    public static float ProductExcept(GridCorner c, int a, int b) =>
        (a == 0 || b == 0 ? 1f : c.F0) * (a == 1 || b == 1 ? 1f : c.F1) * (a == 2 || b == 2 ? 1f : c.F2) * (a == 3 || b == 3 ? 1f : c.F3);

    /// <summary>e_d.</summary>
    public static float E(GridCorner c, int d) => d == 0 ? c.E0 : d == 1 ? c.E1 : d == 2 ? c.E2 : c.E3;

    /// <summary>∂W/∂x_d = e_d·Π_{k≠d} f_k.</summary>
    public static float Derivative(GridCorner c, int d) => E(c, d) * ProductExcept(c, d, d);

    /// <summary>Σ_d u_d·∂W/∂x_d over the D axes: the derivative of W along the direction u.</summary>
    public static float DirectionalDerivative<TD>(GridCorner c, float u0, float u1, float u2, float u3) where TD : struct, IGridCount
    {
        var sum = u0 * Derivative(c, 0) + u1 * Derivative(c, 1);
        if (TD.Value > 2) sum += u2 * Derivative(c, 2);
        if (TD.Value > 3) sum += u3 * Derivative(c, 3);
        return sum;
    }

    /// <summary>
    /// Σ_d u_d·∂²W/∂x_d∂x_k: the mixed terms e_k·Σ_{d≠k} u_d·e_d·Π_{j∉{d,k}} f_j, plus the diagonal term
    /// u_k·h_k·Π_{j≠k} f_j only where the interpolation has curvature (Linear's h is identically 0).
    /// </summary>
    public static float DirectionalSecondDerivative<TD, TI>(GridCorner c, int k, float u0, float u1, float u2, float u3)
        where TD : struct, IGridCount where TI : struct, IGridInterpolator
    {
        var mixed = (k == 0 ? 0f : u0 * c.E0 * ProductExcept(c, 0, k)) + (k == 1 ? 0f : u1 * c.E1 * ProductExcept(c, 1, k));
        if (TD.Value > 2 && k != 2) mixed += u2 * c.E2 * ProductExcept(c, 2, k);
        if (TD.Value > 3 && k != 3) mixed += u3 * c.E3 * ProductExcept(c, 3, k);
        var result = E(c, k) * mixed;
        if (TI.HasCurvature)
        {
            var uk = k == 0 ? u0 : k == 1 ? u1 : k == 2 ? u2 : u3;
            var hk = k == 0 ? c.H0 : k == 1 ? c.H1 : k == 2 ? c.H2 : c.H3;
            result += uk * hk * ProductExcept(c, k, k);
        }
        return result;
    }
}
