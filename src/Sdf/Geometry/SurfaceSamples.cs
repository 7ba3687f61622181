namespace TinyNN.Geometry;

/// <summary>
/// Points on a mesh surface with the unit normals of the faces they lie on, xyz interleaved (3 floats a sample)
/// so that they upload to a device buffer as they are.
/// </summary>
/// <param name="Points">Sample positions, 3 × <see cref="Count"/> floats.</param>
/// <param name="Normals">Unit face normals, 3 × <see cref="Count"/> floats.</param>
public sealed record SurfaceSamples(float[] Points, float[] Normals)
{
    /// <summary>Number of samples.</summary>
    public int Count => Points.Length / 3;
}
