using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>A ball: distance |p − c| − r.</summary>
public sealed class SdfSphere : SdfPrimitive
{
    /// <summary>Creates a ball of radius <paramref name="radius"/> (&gt; 0) about <paramref name="center"/>.</summary>
    public SdfSphere(Vector3 center, float radius)
    {
        CheckFinite(center, nameof(center));
        if (!(radius > 0 && float.IsFinite(radius))) throw new ArgumentOutOfRangeException(nameof(radius), $"sphere radius must be finite and > 0 (got {radius})");
        Center = center;
        Radius = radius;
    }

    /// <summary>The centre.</summary>
    public Vector3 Center { get; }

    /// <summary>The radius.</summary>
    public float Radius { get; }

    /// <inheritdoc/>
    public override float Distance(Vector3 point) => Vector3.Distance(point, Center) - Radius;

    /// <inheritdoc/>
    public override double SurfaceArea => 4 * Math.PI * Radius * Radius;

    /// <inheritdoc/>
    public override double Volume => 4.0 / 3 * Math.PI * Radius * Radius * Radius;

    /// <inheritdoc/>
    public override Box3 Bounds => new(Center - new Vector3(Radius), Center + new Vector3(Radius));
}
