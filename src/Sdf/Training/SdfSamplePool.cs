namespace TinyNN.Training;

/// <summary>
/// Training points with their exact signed distances, computed once (ground truth on a mesh costs milliseconds a
/// thousand points) and resampled on the device every step. The mix: 40% near the surface with noise σ = 0.01,
/// 30% with σ = 0.05 (two scales: the thin band fixes the zero level, the wider one its slope), 30% uniform in the box.
/// </summary>
public sealed class SdfSamplePool
{
    private SdfSamplePool(float[] points, float[] distances)
    {
        Points = points;
        Distances = distances;
    }

    /// <summary>xyz-interleaved points in [-1, 1]³.</summary>
    public float[] Points { get; }

    /// <summary>Signed distance of each point.</summary>
    public float[] Distances { get; }

    /// <summary>Points in the pool.</summary>
    public int Count => Distances.Length;

    /// <summary>Draws <paramref name="count"/> points and their distances; <paramref name="progress"/> gets the done fraction.</summary>
    public static SdfSamplePool Create(SdfGroundTruth truth, int count, int seed, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (count < 16) throw new ArgumentOutOfRangeException(nameof(count), $"the sample pool needs at least 16 points (got {count})");
        var random = new Random(seed);
        var near = count * 4 / 10;
        var wide = count * 3 / 10;
        var surface = truth.Surface.SampleSurface(near + wide, random);
        var points = new float[3 * count];
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                points[3 * i + d] = i < near + wide
                    ? Math.Clamp(surface.Points[3 * i + d] + (float)(Gaussian(random) * (i < near ? 0.01 : 0.05)), -1f, 1f)
                    : (float)(random.NextDouble() * 2 - 1);
            }
        }
        // Distances in chunks, so a long ground-truth computation shows progress.
        var distances = new float[count];
        const int chunk = 16384;
        for (var start = 0; start < count; start += chunk)
        {
            var n = Math.Min(chunk, count - start);
            truth.SignedDistances(points[(3 * start)..(3 * (start + n))]).CopyTo(distances, start);
            progress?.Report((double)(start + n) / count);
        }
        return new SdfSamplePool(points, distances);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
