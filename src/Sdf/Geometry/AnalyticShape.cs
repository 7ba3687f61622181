using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// A union of pairwise disjoint primitives with exact distance functions. For disjoint solids the minimum of their exact
/// SDFs is the exact SDF of the union everywhere: outside, the nearest surface is the nearest primitive's; inside one
/// primitive, every other surface lies beyond its boundary. Disjointness is the caller's promise (the built-in shapes'
/// gaps are checked by the tests), hence the internal constructor.
/// </summary>
public sealed class AnalyticShape
{
    internal AnalyticShape(string name, string description, IReadOnlyList<SdfPrimitive> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("a shape needs at least one primitive", nameof(parts));
        Name = name;
        Description = description;
        Parts = parts;
        var bounds = Box3.Empty;
        foreach (var part in parts) bounds = bounds.Union(part.Bounds);
        Bounds = bounds;
    }

    /// <summary>The shape's name, as the CLI accepts it.</summary>
    public string Name { get; }

    /// <summary>One line saying what the shape is.</summary>
    public string Description { get; }

    /// <summary>The disjoint primitives.</summary>
    public IReadOnlyList<SdfPrimitive> Parts { get; }

    /// <summary>A box containing the shape.</summary>
    public Box3 Bounds { get; }

    /// <summary>The exact surface area (the sum of the parts').</summary>
    public double SurfaceArea => Parts.Sum(p => p.SurfaceArea);

    /// <summary>The exact volume (the sum of the parts').</summary>
    public double Volume => Parts.Sum(p => p.Volume);

    /// <summary>The exact signed distance at <paramref name="point"/>, negative inside.</summary>
    public float Sdf(Vector3 point)
    {
        var distance = float.PositiveInfinity;
        foreach (var part in Parts) distance = MathF.Min(distance, part.Distance(point));
        return distance;
    }

    /// <summary>Signed distances for xyz-interleaved points (3 finite floats a point), computed in parallel.</summary>
    public float[] Sdf(float[] points) => PointBatch.Map(points, Sdf);

    /// <summary>The zero level set by marching cubes on a <paramref name="resolution"/>³ grid over [−1, 1]³.</summary>
    public TriangleMesh ToMesh(int resolution) => MarchingCubes.Extract(Sdf, resolution, Box3.Cube(1f));
}
