namespace TinyNN.Encodings;

/// <summary>
/// A plain float64 grid encoding, one sample at a time, written from tcnn's grid.h with loops and no sharing with
/// the kernels: the oracle the kernels are checked against, itself checked against finite differences. Vertex
/// entries use tcnn's integer math (dense index Σ v_d·res^d or coherent prime hash, uint32, modulo the table);
/// weights and their derivatives are float64. With <c>float32Positions</c> (the default) the cell and fraction
/// come from p = fma(scale, x, 0.5) in float32 exactly as tcnn and the kernels compute them, so the reference
/// never disagrees with them on which cell a sample is in; without it p is float64, which finite differences in x
/// need (float32 positions quantise x).
/// </summary>
public sealed class GridEncodingReference
{
    private static readonly uint[] Primes = [1u, 2654435761u, 805459861u, 3674653429u];

    private readonly GridLayout layout;
    private readonly GridInterpolation interpolation;
    private readonly bool float32Positions;
    private readonly int d;
    private readonly int f;

    /// <summary>Binds the reference to a layout, an interpolation and a parameter vector in tcnn's layout.</summary>
    public GridEncodingReference(GridLayout layout, GridInterpolation interpolation, double[] parameters, bool float32Positions = true)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != layout.ParameterCount)
        {
            throw new ArgumentException($"the grid has {layout.ParameterCount} parameters; got {parameters.Length}", nameof(parameters));
        }
        this.layout = layout;
        this.interpolation = interpolation;
        this.float32Positions = float32Positions;
        Parameters = parameters;
        d = layout.InputWidth;
        f = layout.FeaturesPerLevel;
    }

    /// <summary>The flat parameters in tcnn's layout.</summary>
    public double[] Parameters { get; }

    private bool Interpolates => interpolation != GridInterpolation.Nearest;

    /// <summary>y (OutputWidth values, no padding) for one sample.</summary>
    public double[] Forward(double[] x)
    {
        CheckLength(x, d, nameof(x));
        var y = new double[layout.OutputWidth];
        foreach (var level in layout.Levels)
        {
            var cell = Locate(level, x);
            foreach (var corner in Corners(level, cell))
            {
                for (var k = 0; k < f; k++) y[level.Index * f + k] += corner.Weight * Value(level, corner.Entry, k);
            }
        }
        return y;
    }

    /// <summary>dL₁/dx for L₁ = ⟨y, b⟩ (b: OutputWidth values); adds dL₁/dθ into <paramref name="parameterGradient"/>.</summary>
    public double[] Backward(double[] x, double[] b, double[] parameterGradient)
    {
        CheckLength(x, d, nameof(x));
        CheckLength(b, layout.OutputWidth, nameof(b));
        CheckLength(parameterGradient, layout.ParameterCount, nameof(parameterGradient));
        var dx = new double[d];
        foreach (var level in layout.Levels)
        {
            var cell = Locate(level, x);
            foreach (var corner in Corners(level, cell))
            {
                var beta = 0.0;
                for (var k = 0; k < f; k++)
                {
                    var bk = b[level.Index * f + k];
                    parameterGradient[Address(level, corner.Entry, k)] += corner.Weight * bk;
                    beta += bk * Value(level, corner.Entry, k);
                }
                for (var i = 0; i < d; i++) dx[i] += beta * corner.Gradient[i];
            }
        }
        return dx;
    }

    /// <summary>
    /// For L₂ = ⟨dL₁/dx, g⟩: returns dL₂/dx and dL₂/d(dL₁/dy) (OutputWidth values) and adds dL₂/dθ into
    /// <paramref name="parameterGradient"/>. dL₁/dx = Σ_corners (b·V)·∇W, so with G = g·∇W per corner:
    /// dL₂/db = Σ G·V, dL₂/dV = G·b and dL₂/dx = Σ (b·V)·(∇²W)g.
    /// </summary>
    public (double[] InputGradient, double[] OutputGradientGradient) BackwardBackward(double[] x, double[] b, double[] g, double[] parameterGradient)
    {
        CheckLength(x, d, nameof(x));
        CheckLength(b, layout.OutputWidth, nameof(b));
        CheckLength(g, d, nameof(g));
        CheckLength(parameterGradient, layout.ParameterCount, nameof(parameterGradient));
        var dx = new double[d];
        var db = new double[layout.OutputWidth];
        foreach (var level in layout.Levels)
        {
            var cell = Locate(level, x);
            foreach (var corner in Corners(level, cell))
            {
                var directional = 0.0;
                for (var i = 0; i < d; i++) directional += g[i] * corner.Gradient[i];
                var beta = 0.0;
                for (var k = 0; k < f; k++)
                {
                    var column = level.Index * f + k;
                    var value = Value(level, corner.Entry, k);
                    db[column] += directional * value;
                    parameterGradient[Address(level, corner.Entry, k)] += directional * b[column];
                    beta += b[column] * value;
                }
                for (var i = 0; i < d; i++)
                {
                    for (var j = 0; j < d; j++) dx[i] += beta * corner.Hessian[j, i] * g[j];
                }
            }
        }
        return (dx, db);
    }

    /// <summary>A vertex's table entry, weight W = Π f_d, gradient ∂W/∂x and Hessian ∂²W/∂x_i∂x_j (zero for Nearest).</summary>
    private sealed record Corner(uint Entry, double Weight, double[] Gradient, double[,] Hessian);

    /// <summary>Per axis: the lower vertex, the upper vertex's weight w and its x-derivatives w′·scale, w″·scale².</summary>
    private sealed record Cell(uint[] Lower, double[] W, double[] Dw, double[] Ddw);

    private Cell Locate(GridLevel level, double[] x)
    {
        var cell = new Cell(new uint[d], new double[d], new double[d], new double[d]);
        for (var i = 0; i < d; i++)
        {
            double t;
            if (float32Positions)
            {
                // fmaf: the float64 product of two floats is exact, so one rounding to float32 after the add.
                var p = (float)((double)level.Scale * (float)x[i] + 0.5);
                var floor = MathF.Floor(p);
                cell.Lower[i] = (uint)(int)floor;
                t = p - floor;
            }
            else
            {
                var p = (double)level.Scale * x[i] + 0.5;
                var floor = Math.Floor(p);
                cell.Lower[i] = (uint)(long)floor;
                t = p - floor;
            }
            double s = level.Scale;
            (cell.W[i], cell.Dw[i], cell.Ddw[i]) = interpolation switch
            {
                GridInterpolation.Linear => (t, s, 0.0),
                GridInterpolation.Smoothstep => (t * t * (3 - 2 * t), 6 * t * (1 - t) * s, (6 - 12 * t) * s * s),
                _ => (0.0, 0.0, 0.0),
            };
        }
        return cell;
    }

    /// <summary>The 2^D cell vertices with their weights, or Nearest's single vertex with weight 1.</summary>
    private IEnumerable<Corner> Corners(GridLevel level, Cell cell)
    {
        if (!Interpolates)
        {
            yield return new Corner(Entry(level, cell.Lower), 1.0, new double[d], new double[d, d]);
            yield break;
        }
        for (var c = 0; c < 1 << d; c++)
        {
            var vertex = new uint[d];
            var factor = new double[d];
            var slope = new double[d];
            var curvature = new double[d];
            for (var i = 0; i < d; i++)
            {
                var upper = (c >> i & 1) == 1;
                vertex[i] = cell.Lower[i] + (upper ? 1u : 0u);
                factor[i] = upper ? cell.W[i] : 1 - cell.W[i];
                slope[i] = upper ? cell.Dw[i] : -cell.Dw[i];
                curvature[i] = upper ? cell.Ddw[i] : -cell.Ddw[i];
            }
            double Product(Func<int, double> term)
            {
                var product = 1.0;
                for (var i = 0; i < d; i++) product *= term(i);
                return product;
            }
            var gradient = new double[d];
            var hessian = new double[d, d];
            for (var i = 0; i < d; i++)
            {
                gradient[i] = Product(k => k == i ? slope[k] : factor[k]);
                for (var j = 0; j < d; j++)
                {
                    hessian[i, j] = i == j
                        ? Product(k => k == i ? curvature[k] : factor[k])
                        : Product(k => k == i || k == j ? slope[k] : factor[k]);
                }
            }
            yield return new Corner(Entry(level, vertex), Product(k => factor[k]), gradient, hessian);
        }
    }

    /// <summary>tcnn's grid_index: dense index while the level's res^D fits uint32 and the table, else the hash; modulo the table.</summary>
    private uint Entry(GridLevel level, uint[] vertex)
    {
        var maxBase = d switch { 2 => 0xFFFFu, 3 => 0x659u, _ => 0xFFu };
        uint stride = 1, index = 0;
        if ((uint)level.Resolution <= maxBase)
        {
            for (var i = 0; i < d; i++)
            {
                index += vertex[i] * stride;
                stride *= (uint)level.Resolution;
            }
        }
        else
        {
            stride = uint.MaxValue;
        }
        if (layout.Type == GridType.Hash && (uint)level.TableSize < stride)
        {
            index = 0;
            for (var i = 0; i < d; i++) index ^= vertex[i] * Primes[i];
        }
        return index % (uint)level.TableSize;
    }

    private long Address(GridLevel level, uint entry, int feature) => (level.Offset + entry) * f + feature;

    private double Value(GridLevel level, uint entry, int feature) => Parameters[Address(level, entry, feature)];

    private static void CheckLength(double[] values, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != length) throw new ArgumentException($"{name} holds {values.Length} values; the grid needs {length}", name);
    }
}
