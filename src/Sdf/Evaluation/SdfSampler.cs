namespace TinyNN.Evaluation;

/// <summary>
/// Evaluates an <see cref="SdfBatch"/> over any number of points in batches of at most <see cref="MaxBatch"/>,
/// and its gradient by central differences, checking that every distance it returns is finite.
/// </summary>
public static class SdfSampler
{
    /// <summary>The most points handed to the delegate in one call.</summary>
    public const int MaxBatch = 65536;

    /// <summary>Fills <paramref name="distances"/>[i] with the SDF at point i of <paramref name="points"/> (xyz interleaved).</summary>
    /// <exception cref="ArgumentException">The lengths do not match (3n points, n distances).</exception>
    /// <exception cref="InvalidOperationException">The SDF returned NaN or ±∞.</exception>
    public static void Evaluate(SdfBatch sdf, ReadOnlySpan<float> points, Span<float> distances)
    {
        ArgumentNullException.ThrowIfNull(sdf);
        var n = PointCount(points, nameof(points));
        if (distances.Length != n)
        {
            throw new ArgumentException($"distances has {distances.Length} elements; {n} points need {n}", nameof(distances));
        }
        for (var start = 0; start < n; start += MaxBatch)
        {
            var count = Math.Min(MaxBatch, n - start);
            var batch = distances.Slice(start, count);
            sdf(points.Slice(3 * start, 3 * count), batch);
            for (var i = 0; i < count; i++)
            {
                if (float.IsFinite(batch[i])) continue;
                var p = 3 * (start + i);
                throw new InvalidOperationException(
                    $"the SDF returned {batch[i]} at point {start + i} ({points[p]}, {points[p + 1]}, {points[p + 2]}); it must be finite");
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="gradients"/> (xyz interleaved, 3n) with the SDF's gradient at each point, by central
    /// differences of half-width <paramref name="step"/>: six evaluations a point, all batched.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not match or the step is not a positive finite number.</exception>
    public static void Gradient(SdfBatch sdf, ReadOnlySpan<float> points, Span<float> gradients, float step)
    {
        ArgumentNullException.ThrowIfNull(sdf);
        var n = PointCount(points, nameof(points));
        if (gradients.Length != 3 * n)
        {
            throw new ArgumentException($"gradients has {gradients.Length} elements; {n} points need {3 * n}", nameof(gradients));
        }
        if (!(step > 0) || !float.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"finite-difference step must be a positive finite number (got {step})");
        }
        // Points are processed in chunks whose six offsets fill one delegate call.
        const int chunk = MaxBatch / 6;
        var probes = new float[3 * 6 * Math.Min(chunk, Math.Max(n, 1))];
        var values = new float[6 * Math.Min(chunk, Math.Max(n, 1))];
        for (var start = 0; start < n; start += chunk)
        {
            var count = Math.Min(chunk, n - start);
            for (var i = 0; i < count; i++)
            {
                var p = 3 * (start + i);
                for (var axis = 0; axis < 3; axis++)
                {
                    for (var side = 0; side < 2; side++)
                    {
                        var q = 3 * (6 * i + 2 * axis + side);
                        probes[q] = points[p];
                        probes[q + 1] = points[p + 1];
                        probes[q + 2] = points[p + 2];
                        probes[q + axis] += side == 0 ? step : -step;
                    }
                }
            }
            Evaluate(sdf, probes.AsSpan(0, 18 * count), values.AsSpan(0, 6 * count));
            for (var i = 0; i < count; i++)
            {
                for (var axis = 0; axis < 3; axis++)
                {
                    gradients[3 * (start + i) + axis] = (values[6 * i + 2 * axis] - values[6 * i + 2 * axis + 1]) / (2 * step);
                }
            }
        }
    }

    /// <summary>The number of xyz points in <paramref name="points"/>, or an exception naming it when its length is not a multiple of 3.</summary>
    internal static int PointCount(ReadOnlySpan<float> points, string name)
    {
        if (points.Length % 3 != 0)
        {
            throw new ArgumentException($"{name} must hold xyz triples (length a multiple of 3; got {points.Length})", name);
        }
        return points.Length / 3;
    }
}
