using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>A solid with an exact signed distance function (negative inside) and closed-form area and volume.</summary>
public abstract class SdfPrimitive
{
    /// <summary>The exact signed distance from <paramref name="point"/> to the surface, negative inside.</summary>
    public abstract float Distance(Vector3 point);

    /// <summary>The exact surface area.</summary>
    public abstract double SurfaceArea { get; }

    /// <summary>The exact volume.</summary>
    public abstract double Volume { get; }

    /// <summary>A box containing the solid.</summary>
    public abstract Box3 Bounds { get; }

    /// <summary>Throws unless every component of <paramref name="v"/> is finite.</summary>
    protected static void CheckFinite(Vector3 v, string name)
    {
        if (!PointBatch.IsFinite(v)) throw new ArgumentOutOfRangeException(name, $"{name} must be finite (got {v})");
    }
}
