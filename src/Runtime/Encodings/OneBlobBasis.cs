namespace TinyNN.Encodings;

/// <summary>
/// tcnn's one-blob encoding per input (encodings/oneblob.h, common_device.h quartic_cdf): bin k of n covers
/// [k/n, (k+1)/n] and holds the mass of a quartic kernel K(u) = 15/16·(1 − u²)² of radius 1/n centred on x,
/// yₖ = C(rₖ − x) − C(lₖ − x), where C(t) = Q(nt) + Q(n(t − 1)) + Q(n(t + 1)) wraps the kernel around [0, 1] and Q is
/// K's clamped CDF. C is twice continuously differentiable: C′(t) = n·K(nt) (wraps summed), C″(t) = n²·K′(nt).
/// </summary>
internal struct OneBlobBasis : IPerDimensionBasis
{
    /// <summary>n, the bins per input (a power of two, so k/n is exact).</summary>
    public float Bins;

    public readonly float Value(float x, int k)
    {
        var left = k / Bins - x;
        var right = (k + 1) / Bins - x;
        return Wrapped(right, 0) - Wrapped(left, 0);
    }

    public readonly float Derivative(float x, int k)
    {
        var left = k / Bins - x;
        var right = (k + 1) / Bins - x;
        return Wrapped(left, 1) - Wrapped(right, 1);
    }

    public readonly float SecondDerivative(float x, int k)
    {
        var left = k / Bins - x;
        var right = (k + 1) / Bins - x;
        return Wrapped(right, 2) - Wrapped(left, 2);
    }

    /// <summary>C(t) (order 0), C′(t) (order 1) or C″(t) (order 2), summed over the kernel's wraps t and t ± 1 as tcnn does.</summary>
    private readonly float Wrapped(float t, int order) => Cdf(t, order) + Cdf(t - 1f, order) + Cdf(t + 1f, order);

    /// <summary>Q(nt) and its t-derivatives n·K(nt) and n²·K′(nt), with tcnn's float constants.</summary>
    private readonly float Cdf(float t, int order)
    {
        var u = t * Bins;
        var u2 = u * u;
        if (order == 0)
        {
            var q = 0.9375f * u * (1f - 0.6666667f * u2 + 0.2f * u2 * u2) + 0.5f;
            return q < 0f ? 0f : (q > 1f ? 1f : q);
        }
        var inside = 1f - u2;
        if (inside <= 0f) return 0f;
        return order == 1 ? 0.9375f * inside * inside * Bins : -3.75f * u * inside * Bins * Bins;
    }
}
