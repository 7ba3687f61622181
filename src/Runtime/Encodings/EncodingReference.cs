namespace TinyNN.Encodings;

/// <summary>
/// A float64 oracle for one sample of an encoding, written from tcnn's formulas with no code shared with the kernels
/// (the spherical-harmonics polynomials excepted, which come from the same generator). Only the forward is written,
/// in <see cref="HyperDual"/> arithmetic: J·g, Jᵀb and the Hessian-vector term Σⱼ bⱼ∇²yⱼ·g follow exactly from it.
/// Outputs include padding when built with <see cref="Padded"/>, so they line up with a device encoding's rows.
/// </summary>
public sealed class EncodingReference
{
    /// <summary>tcnn's float32 π, which tcnn's frequency encoding multiplies by.</summary>
    private const double FloatPi = (double)3.14159265f;

    private readonly Func<HyperDual[], HyperDual[]> evaluate;

    /// <summary>A reference from its forward <paramref name="evaluate"/>: <paramref name="inputWidth"/> values in, <paramref name="outputWidth"/> out.</summary>
    public EncodingReference(int inputWidth, int outputWidth, Func<HyperDual[], HyperDual[]> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        if (inputWidth < 1) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"reference input width must be ≥ 1 (got {inputWidth})");
        if (outputWidth < 1) throw new ArgumentOutOfRangeException(nameof(outputWidth), $"reference output width must be ≥ 1 (got {outputWidth})");
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        this.evaluate = evaluate;
    }

    /// <summary>Inputs per sample.</summary>
    public int InputWidth { get; }

    /// <summary>Outputs per sample (padding included after <see cref="Padded"/>).</summary>
    public int OutputWidth { get; }

    /// <summary>y = enc(x).</summary>
    public double[] Forward(double[] x) => [.. Evaluate(Check(x, InputWidth, nameof(x)), _ => 0, _ => 0).Select(v => v.Value)];

    /// <summary>dL₁/dx = Jᵀb for L₁ = ⟨y, b⟩.</summary>
    public double[] Backward(double[] x, double[] b)
    {
        Check(x, InputWidth, nameof(x));
        Check(b, OutputWidth, nameof(b));
        var result = new double[InputWidth];
        for (var i = 0; i < InputWidth; i++)
        {
            var axis = i;
            result[i] = Dot(b, Evaluate(x, d => d == axis ? 1 : 0, _ => 0), v => v.First);
        }
        return result;
    }

    /// <summary>
    /// For L₂ = ⟨dL₁/dx, g⟩: dL₂/dx = Σⱼ bⱼ∇²yⱼ·g (the Hessian-vector term) and dL₂/d(dL₁/dy) = J·g.
    /// </summary>
    public (double[] InputGradient, double[] OutputGradientGradient) BackwardBackward(double[] x, double[] b, double[] g)
    {
        Check(x, InputWidth, nameof(x));
        Check(b, OutputWidth, nameof(b));
        Check(g, InputWidth, nameof(g));
        var inputGradient = new double[InputWidth];
        var tangent = Array.Empty<double>();
        for (var k = 0; k < InputWidth; k++)
        {
            var axis = k;
            var y = Evaluate(x, d => g[d], d => d == axis ? 1 : 0);
            inputGradient[k] = Dot(b, y, v => v.Mixed);
            tangent = [.. y.Select(v => v.First)];
        }
        return (inputGradient, tangent);
    }

    /// <summary>This encoding followed by constant columns of <paramref name="value"/> up to <paramref name="paddedWidth"/>.</summary>
    public EncodingReference Padded(int paddedWidth, double value)
    {
        if (paddedWidth < OutputWidth) throw new ArgumentOutOfRangeException(nameof(paddedWidth), $"padded width must be ≥ {OutputWidth} (got {paddedWidth})");
        return new(InputWidth, paddedWidth, x => [.. evaluate(x), .. Enumerable.Repeat((HyperDual)value, paddedWidth - OutputWidth)]);
    }

    /// <summary>tcnn's Identity: x·scale + offset.</summary>
    public static EncodingReference Identity(int width, double scale, double offset) =>
        new(width, width, x => [.. x.Select(v => v * scale + offset)]);

    /// <summary>tcnn's Frequency: sin and cos of 2^f·π·x_d for f = 0..F−1, column d·2F + 2f + (0 sine, 1 cosine), π in float32.</summary>
    public static EncodingReference Frequency(int width, int frequencies) =>
        new(width, width * 2 * frequencies, x =>
        {
            var y = new List<HyperDual>();
            foreach (var v in x)
            {
                for (var f = 0; f < frequencies; f++)
                {
                    var a = v * (Math.Pow(2, f) * FloatPi);
                    y.Add(HyperDual.Sin(a));
                    y.Add(HyperDual.Cos(a));
                }
            }
            return [.. y];
        });

    /// <summary>
    /// tcnn's OneBlob: bin k of n holds C((k+1)/n − x) − C(k/n − x), C(t) = Σ_{s=−1,0,1} Q(n(t + s)), with Q the CDF of
    /// the quartic kernel 15/16·(1 − u²)² on [−1, 1].
    /// </summary>
    public static EncodingReference OneBlob(int width, int bins) =>
        new(width, width * bins, x =>
        {
            HyperDual Q(HyperDual u) => u.Value <= -1 ? 0.0 : u.Value >= 1 ? 1.0
                : 15.0 / 16 * (u - 2.0 / 3 * u * u * u + 1.0 / 5 * u * u * u * u * u) + 0.5;
            HyperDual C(HyperDual t) => Q(t * bins) + Q((t - 1) * bins) + Q((t + 1) * bins);
            var y = new List<HyperDual>();
            foreach (var v in x)
            {
                for (var k = 0; k < bins; k++) y.Add(C((k + 1.0) / bins - v) - C((double)k / bins - v));
            }
            return [.. y];
        });

    /// <summary>tcnn's SphericalHarmonics: its degree² polynomials at u = 2x − 1.</summary>
    public static EncodingReference SphericalHarmonics(int degree)
    {
        if (degree is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(degree), $"SphericalHarmonics degree must be 1..8 (got {degree})");
        return new(3, degree * degree, x => SphericalHarmonicsBasis.Evaluate(degree, 2 * x[0] - 1, 2 * x[1] - 1, 2 * x[2] - 1));
    }

    /// <summary>tcnn's TriangleWave: 4·|v − ⌊v⌋ − ½| − 1 for v = x_d·2^(k−1) + k/4, column d·F + k.</summary>
    public static EncodingReference TriangleWave(int width, int frequencies) =>
        new(width, width * frequencies, x =>
        {
            var y = new List<HyperDual>();
            foreach (var value in x)
            {
                for (var k = 0; k < frequencies; k++)
                {
                    var v = value * Math.Pow(2, k - 1) + k / 4.0;
                    y.Add(HyperDual.Abs(v - HyperDual.Floor(v) - 0.5) * 4 - 1);
                }
            }
            return [.. y];
        });

    /// <summary>
    /// tcnn's Composite over consecutive input ranges (inputs past the nested ones unused): nested outputs concatenated,
    /// or summed or multiplied elementwise (nested outputs of one width).
    /// </summary>
    public static EncodingReference Composite(int inputWidth, CompositeReduction reduction, params EncodingReference[] nested)
    {
        ArgumentNullException.ThrowIfNull(nested);
        if (nested.Length == 0) throw new ArgumentException("Composite needs at least one nested reference (got none)", nameof(nested));
        if (nested.Sum(n => n.InputWidth) > inputWidth)
        {
            throw new ArgumentException($"nested references read {nested.Sum(n => n.InputWidth)} inputs; the composite has {inputWidth}", nameof(nested));
        }
        if (reduction != CompositeReduction.Concatenation && nested.Any(n => n.OutputWidth != nested[0].OutputWidth))
        {
            throw new ArgumentException($"Composite {reduction} needs nested references of one output width (got {string.Join(", ", nested.Select(n => n.OutputWidth))})", nameof(nested));
        }
        var width = reduction == CompositeReduction.Concatenation ? nested.Sum(n => n.OutputWidth) : nested[0].OutputWidth;
        return new(inputWidth, width, x =>
        {
            var outputs = new List<HyperDual[]>();
            var offset = 0;
            foreach (var n in nested)
            {
                outputs.Add(n.evaluate(x[offset..(offset + n.InputWidth)]));
                offset += n.InputWidth;
            }
            return reduction switch
            {
                CompositeReduction.Concatenation => [.. outputs.SelectMany(o => o)],
                CompositeReduction.Sum => [.. Enumerable.Range(0, width).Select(j => outputs.Aggregate((HyperDual)0.0, (sum, o) => sum + o[j]))],
                _ => [.. Enumerable.Range(0, width).Select(j => outputs.Aggregate((HyperDual)1.0, (product, o) => product * o[j]))],
            };
        });
    }

    /// <summary>The forward at x + u·ε₁ + v·ε₂, with u and v given per input.</summary>
    private HyperDual[] Evaluate(double[] x, Func<int, double> u, Func<int, double> v)
    {
        var y = evaluate([.. x.Select((value, d) => new HyperDual(value, u(d), v(d), 0))]);
        return y.Length == OutputWidth ? y : throw new InvalidOperationException($"reference forward returned {y.Length} outputs; expected {OutputWidth}");
    }

    private static double Dot(double[] b, HyperDual[] y, Func<HyperDual, double> part) => b.Select((value, j) => value * part(y[j])).Sum();

    private static double[] Check(double[] values, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        return values.Length == length ? values : throw new ArgumentException($"{name} has {values.Length} values; expected {length}", name);
    }
}
