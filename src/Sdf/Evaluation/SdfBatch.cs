namespace TinyNN.Evaluation;

/// <summary>
/// A signed distance field evaluated for a batch of points, so that a network behind it can run on the GPU:
/// writes the distance of point i, (points[3i], points[3i+1], points[3i+2]), to distances[i]. Negative inside.
/// Callers in TinyNN pass at most <see cref="SdfSampler.MaxBatch"/> points a call.
/// </summary>
/// <param name="points">xyz interleaved, 3n floats.</param>
/// <param name="distances">n floats to fill.</param>
public delegate void SdfBatch(ReadOnlySpan<float> points, Span<float> distances);
