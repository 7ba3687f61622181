namespace TinyNN.Imaging;

/// <summary>What <see cref="SphereTracer.Trace"/> found for each pixel (row-major, top row first).</summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Hit">Whether the pixel's ray hit the surface.</param>
/// <param name="Depth">Distance from the eye along the ray to the hit; +∞ for a miss.</param>
/// <param name="Normals">Unit surface normal (∇f normalised) at the hit, xyz interleaved; zero for a miss.</param>
/// <param name="Steps">Marching steps taken until the last ray finished.</param>
/// <param name="Evaluations">SDF evaluations made, normals included.</param>
public sealed record SphereTraceResult(int Width, int Height, bool[] Hit, float[] Depth, float[] Normals, int Steps, long Evaluations);
