using TinyNN.Evaluation;

namespace TinyNN.Tests.Evaluation;

/// <summary>Exact SDFs as <see cref="SdfBatch"/> delegates for the imaging and metrics tests.</summary>
internal static class AnalyticSdf
{
    /// <summary>|p − centre| − radius.</summary>
    public static SdfBatch Sphere(float radius, float cx = 0, float cy = 0, float cz = 0) => (points, distances) =>
    {
        for (var i = 0; i < distances.Length; i++)
        {
            float x = points[3 * i] - cx, y = points[3 * i + 1] - cy, z = points[3 * i + 2] - cz;
            distances[i] = MathF.Sqrt(x * x + y * y + z * z) - radius;
        }
    };
}
