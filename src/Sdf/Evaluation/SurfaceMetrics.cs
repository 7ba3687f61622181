namespace TinyNN.Evaluation;

/// <summary>
/// Metrics of a learned SDF against a reference: point-sample surface distances (Chamfer-L1, normal
/// consistency, F-score), volumetric IoU of occupancies, SDF error near the surface and the Eikonal residual.
/// Point sets and vectors are xyz interleaved (3n floats); sums run in float64.
/// </summary>
public static class SurfaceMetrics
{
    /// <summary>The default F-score threshold as a fraction of the reference bounding-box diagonal.</summary>
    public const double DefaultThresholdFraction = 0.01;

    /// <summary>
    /// Compares a predicted surface sample with a reference one through one nearest-neighbour search each way
    /// (k-d trees). Normals are optional: pass both or neither (empty spans); they need not be unit length.
    /// </summary>
    /// <param name="predicted">Points on the predicted surface.</param>
    /// <param name="reference">Points on the reference surface.</param>
    /// <param name="predictedNormals">Normals at the predicted points, or empty.</param>
    /// <param name="referenceNormals">Normals at the reference points, or empty.</param>
    /// <param name="threshold">F-score threshold τ; null for <see cref="DefaultThreshold"/> of the reference.</param>
    /// <exception cref="ArgumentException">A set is empty, a length is wrong, a value is not finite, or a normal is zero.</exception>
    public static SurfaceComparison Compare(ReadOnlySpan<float> predicted, ReadOnlySpan<float> reference,
        ReadOnlySpan<float> predictedNormals = default, ReadOnlySpan<float> referenceNormals = default, double? threshold = null)
    {
        var tau = threshold ?? DefaultThreshold(reference);
        if (!(tau > 0) || !double.IsFinite(tau))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"F-score threshold must be a positive finite distance (got {tau})");
        }
        var hasNormals = predictedNormals.Length > 0 || referenceNormals.Length > 0;
        if (hasNormals)
        {
            CheckNormals(predictedNormals, predicted.Length, nameof(predictedNormals));
            CheckNormals(referenceNormals, reference.Length, nameof(referenceNormals));
        }
        var (toReference, nearestReference) = Nearest(predicted, nameof(predicted), reference, nameof(reference));
        var (toPrediction, nearestPrediction) = Nearest(reference, nameof(reference), predicted, nameof(predicted));
        var accuracy = Mean(toReference);
        var completeness = Mean(toPrediction);
        var precision = FractionWithin(toReference, tau);
        var recall = FractionWithin(toPrediction, tau);
        double? normalConsistency = hasNormals
            ? 0.5 * (MeanAbsCosine(predictedNormals, referenceNormals, nearestReference)
                     + MeanAbsCosine(referenceNormals, predictedNormals, nearestPrediction))
            : null;
        var fScore = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new SurfaceComparison(Chamfer(accuracy, completeness), accuracy, completeness, normalConsistency,
            precision, recall, fScore, tau);
    }

    /// <summary>Chamfer-L1 between two point sets: 0.5 · (mean d(A→B) + mean d(B→A)), d the Euclidean distance to the nearest point.</summary>
    /// <exception cref="ArgumentException">A set is empty, its length is not a multiple of 3, or a coordinate is not finite.</exception>
    public static double ChamferL1(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Chamfer(Mean(Nearest(a, nameof(a), b, nameof(b)).Distances), Mean(Nearest(b, nameof(b), a, nameof(a)).Distances));

    /// <summary><see cref="DefaultThresholdFraction"/> of the diagonal of the axis-aligned bounding box of <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">The set is empty, its length is not a multiple of 3, or it is a single point.</exception>
    public static double DefaultThreshold(ReadOnlySpan<float> reference)
    {
        var n = SdfSampler.PointCount(reference, nameof(reference));
        if (n == 0) throw new ArgumentException("the reference point set is empty", nameof(reference));
        Span<double> min = [double.MaxValue, double.MaxValue, double.MaxValue];
        Span<double> max = [double.MinValue, double.MinValue, double.MinValue];
        for (var i = 0; i < reference.Length; i++)
        {
            min[i % 3] = Math.Min(min[i % 3], reference[i]);
            max[i % 3] = Math.Max(max[i % 3], reference[i]);
        }
        var diagonal = Math.Sqrt(Square(max[0] - min[0]) + Square(max[1] - min[1]) + Square(max[2] - min[2]));
        if (!(diagonal > 0) || !double.IsFinite(diagonal))
        {
            throw new ArgumentException($"the reference bounding-box diagonal is {diagonal}; a default F-score threshold needs a positive finite one", nameof(reference));
        }
        return DefaultThresholdFraction * diagonal;
    }

    /// <summary>Inside flags (distance &lt; 0) of SDF values, for <see cref="Iou"/>.</summary>
    public static bool[] Occupancy(ReadOnlySpan<float> distances)
    {
        var inside = new bool[distances.Length];
        for (var i = 0; i < distances.Length; i++)
        {
            if (float.IsNaN(distances[i])) throw new ArgumentException($"distance {i} is NaN", nameof(distances));
            inside[i] = distances[i] < 0;
        }
        return inside;
    }

    /// <summary>
    /// Intersection over union of two occupancies sampled at the same points (uniform points give the volume IoU):
    /// |inside both| / |inside either|.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or no point is inside either.</exception>
    public static double Iou(ReadOnlySpan<bool> predictedInside, ReadOnlySpan<bool> referenceInside)
    {
        if (predictedInside.Length != referenceInside.Length)
        {
            throw new ArgumentException($"occupancies must have one flag per sample point (predicted {predictedInside.Length}, reference {referenceInside.Length})");
        }
        long both = 0, either = 0;
        for (var i = 0; i < predictedInside.Length; i++)
        {
            if (predictedInside[i] && referenceInside[i]) both++;
            if (predictedInside[i] || referenceInside[i]) either++;
        }
        if (either == 0)
        {
            throw new ArgumentException($"none of the {predictedInside.Length} sample points is inside either shape; IoU is undefined");
        }
        return (double)both / either;
    }

    /// <summary>Mean |predicted − true| of SDF values at the same points (e.g. points near the surface).</summary>
    /// <exception cref="ArgumentException">The lengths differ, are zero, or a value is not finite.</exception>
    public static double MeanAbsoluteError(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        if (predicted.Length != truth.Length || predicted.Length == 0)
        {
            throw new ArgumentException($"SDF errors need the same positive number of predicted and true values (predicted {predicted.Length}, true {truth.Length})");
        }
        double sum = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            if (!float.IsFinite(predicted[i]) || !float.IsFinite(truth[i]))
            {
                throw new ArgumentException($"SDF value {i} is not finite (predicted {predicted[i]}, true {truth[i]})");
            }
            sum += Math.Abs((double)predicted[i] - truth[i]);
        }
        return sum / predicted.Length;
    }

    /// <summary>Eikonal residual: mean |‖∇f‖ − 1| over gradients (xyz interleaved); 0 for an exact distance field.</summary>
    /// <exception cref="ArgumentException">The length is not a positive multiple of 3 or a component is not finite.</exception>
    public static double EikonalResidual(ReadOnlySpan<float> gradients)
    {
        var n = SdfSampler.PointCount(gradients, nameof(gradients));
        if (n == 0) throw new ArgumentException("the Eikonal residual needs at least one gradient (got 0)", nameof(gradients));
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            double x = gradients[3 * i], y = gradients[3 * i + 1], z = gradients[3 * i + 2];
            var norm = Math.Sqrt(x * x + y * y + z * z);
            if (!double.IsFinite(norm)) throw new ArgumentException($"gradient {i} ({x}, {y}, {z}) is not finite", nameof(gradients));
            sum += Math.Abs(norm - 1);
        }
        return sum / n;
    }

    private static (float[] Distances, int[] Indices) Nearest(ReadOnlySpan<float> from, string fromName, ReadOnlySpan<float> to, string toName)
    {
        var n = SdfSampler.PointCount(from, fromName);
        if (n == 0) throw new ArgumentException($"the {fromName} point set is empty", fromName);
        if (to.Length == 0) throw new ArgumentException($"the {toName} point set is empty", toName);
        var tree = new PointKdTree(to);
        var distances = new float[n];
        var indices = new int[n];
        tree.FindNearest(from, indices, distances);
        return (distances, indices);
    }

    private static void CheckNormals(ReadOnlySpan<float> normals, int pointsLength, string name)
    {
        if (normals.Length != pointsLength)
        {
            throw new ArgumentException($"{name} has {normals.Length} floats; pass one normal per point ({pointsLength} floats) for both sets, or neither", name);
        }
        for (var i = 0; i < normals.Length; i += 3)
        {
            var squared = Square(normals[i]) + Square(normals[i + 1]) + Square(normals[i + 2]);
            if (!(squared > 0) || !double.IsFinite(squared))
            {
                throw new ArgumentException($"{name}[{i / 3}] = ({normals[i]}, {normals[i + 1]}, {normals[i + 2]}) must be a finite non-zero vector", name);
            }
        }
    }

    private static double MeanAbsCosine(ReadOnlySpan<float> normals, ReadOnlySpan<float> otherNormals, int[] nearest)
    {
        double sum = 0;
        for (var i = 0; i < nearest.Length; i++)
        {
            int p = 3 * i, q = 3 * nearest[i];
            var dot = (double)normals[p] * otherNormals[q] + (double)normals[p + 1] * otherNormals[q + 1] + (double)normals[p + 2] * otherNormals[q + 2];
            var norms = Math.Sqrt(Square(normals[p]) + Square(normals[p + 1]) + Square(normals[p + 2]))
                        * Math.Sqrt(Square(otherNormals[q]) + Square(otherNormals[q + 1]) + Square(otherNormals[q + 2]));
            sum += Math.Min(1, Math.Abs(dot) / norms);
        }
        return sum / nearest.Length;
    }

    private static double Chamfer(double accuracy, double completeness) => 0.5 * (accuracy + completeness);

    private static double Mean(float[] values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    private static double FractionWithin(float[] distances, double threshold)
    {
        var count = 0;
        foreach (var d in distances) if (d < threshold) count++;
        return (double)count / distances.Length;
    }

    private static double Square(double v) => v * v;
}
