using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>Checks on query points and the parallel map over xyz-interleaved point arrays that the batch methods share.</summary>
internal static class PointBatch
{
    public static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);

    /// <summary><paramref name="query"/> of each point of <paramref name="points"/> (3 finite floats a point), in parallel.</summary>
    public static float[] Map(float[] points, Func<Vector3, float> query)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length % 3 != 0) throw new ArgumentException($"points must come 3 floats a point (got {points.Length} floats)", nameof(points));
        for (var i = 0; i < points.Length; i++)
        {
            if (!float.IsFinite(points[i])) throw new ArgumentException($"point {i / 3} has a non-finite coordinate {points[i]}", nameof(points));
        }
        var result = new float[points.Length / 3];
        Parallel.For(0, result.Length, i => result[i] = query(new Vector3(points[3 * i], points[3 * i + 1], points[3 * i + 2])));
        return result;
    }
}
