namespace TinyNN.Tests.Losses;

/// <summary>
/// The element formulas of tcnn's losses (include/tiny-cuda-nn/losses/*.h) in float64, written from the headers.
/// <see cref="Value"/> takes the prediction the denominator is evaluated at separately, because tcnn treats
/// RelativeL1's, RelativeL2's and Smape's denominators as constants when it differentiates: the gradient it
/// returns is d/dp Value(p, t, frozen) at frozen = p, which finite differences of Value check.
/// </summary>
internal static class LossReference
{
    public const double HuberDelta = 0.5;

    public static readonly string[] Names = ["L1", "L2", "RelativeL1", "RelativeL2", "Mape", "Smape", "Huber"];

    public static double Value(string loss, double p, double t, double frozen)
    {
        var d = p - t;
        return loss switch
        {
            "L1" => Math.Abs(d),
            "L2" => d * d,
            "RelativeL1" => Math.Abs(d) / (Math.Abs(frozen) + 0.01),
            "RelativeL2" => d * d / (frozen * frozen + 0.01),
            "Mape" => Math.Abs(d) / (Math.Abs(t) + 0.01),
            "Smape" => Math.Abs(d) / (0.5 * (Math.Abs(t) + Math.Abs(frozen)) + 0.01),
            "Huber" => Math.Abs(d) <= HuberDelta ? 0.5 * d * d : HuberDelta * (Math.Abs(d) - 0.5 * HuberDelta),
            _ => throw new ArgumentException(loss),
        };
    }

    public static double Gradient(string loss, double p, double t)
    {
        var d = p - t;
        var sign = d < 0 ? -1.0 : 1.0;
        return loss switch
        {
            "L1" => sign,
            "L2" => 2 * d,
            "RelativeL1" => sign / (Math.Abs(p) + 0.01),
            "RelativeL2" => 2 * d / (p * p + 0.01),
            "Mape" => sign / (Math.Abs(t) + 0.01),
            "Smape" => sign / (0.5 * (Math.Abs(t) + Math.Abs(p)) + 0.01),
            "Huber" => Math.Clamp(d, -HuberDelta, HuberDelta),
            _ => throw new ArgumentException(loss),
        };
    }

    /// <summary>Central difference of the value with the denominator frozen at <paramref name="p"/>.</summary>
    public static double FiniteDifference(string loss, double p, double t, double h = 1e-6) =>
        (Value(loss, p + h, t, p) - Value(loss, p - h, t, p)) / (2 * h);

    /// <summary>
    /// Predictions and targets away from every kink: |p − t| ≥ 0.05, |p| ≥ 0.05 (RelativeL1, Smape), and |p − t| not
    /// within 0.05 of Huber's delta, so the finite differences are smooth.
    /// </summary>
    public static (float[] Predictions, float[] Targets) Points(int count, int seed)
    {
        var random = new Random(seed);
        var p = new float[count];
        var t = new float[count];
        for (var i = 0; i < count; i++)
        {
            float pi, ti;
            do
            {
                pi = (float)(random.NextDouble() * 6 - 3);
                ti = (float)(random.NextDouble() * 6 - 3);
            }
            while (Math.Abs(pi - ti) < 0.05 || Math.Abs(pi) < 0.05 || Math.Abs(Math.Abs(pi - ti) - HuberDelta) < 0.05);
            p[i] = pi;
            t[i] = ti;
        }
        return (p, t);
    }
}
