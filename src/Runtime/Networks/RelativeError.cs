namespace TinyNN.Networks;

/// <summary>The error measure of every device-against-reference check: ‖actual − expected‖ / ‖expected‖.</summary>
public static class RelativeError
{
    /// <summary>The norm-relative error; +∞ when a value is not finite (a poisoned output never written) or the lengths differ.</summary>
    public static double Of(IReadOnlyList<double> expected, float[] actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Length) return double.PositiveInfinity;
        double difference = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.PositiveInfinity;
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-30);
    }
}
