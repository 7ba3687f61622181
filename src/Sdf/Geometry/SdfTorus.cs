using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// A ring torus: the points within <see cref="MinorRadius"/> of the circle of radius <see cref="MajorRadius"/> about
/// <see cref="Center"/> in the plane normal to <see cref="Axis"/>. Distance √((ρ − R)² + h²) − r, where h is the
/// height along the axis and ρ the distance from it.
/// </summary>
public sealed class SdfTorus : SdfPrimitive
{
    /// <summary>Creates a torus; requires 0 &lt; <paramref name="minorRadius"/> &lt; <paramref name="majorRadius"/> and a non-zero axis (normalised here).</summary>
    public SdfTorus(Vector3 center, Vector3 axis, float majorRadius, float minorRadius)
    {
        CheckFinite(center, nameof(center));
        CheckFinite(axis, nameof(axis));
        if (!(axis.LengthSquared() > 0)) throw new ArgumentOutOfRangeException(nameof(axis), "torus axis must be a non-zero vector (got 0)");
        if (!(minorRadius > 0 && minorRadius < majorRadius && float.IsFinite(majorRadius)))
        {
            throw new ArgumentOutOfRangeException(nameof(minorRadius),
                $"torus radii must satisfy 0 < minor < major < ∞ (got major {majorRadius}, minor {minorRadius})");
        }
        Center = center;
        Axis = Vector3.Normalize(axis);
        MajorRadius = majorRadius;
        MinorRadius = minorRadius;
    }

    /// <summary>The centre of the ring.</summary>
    public Vector3 Center { get; }

    /// <summary>The unit axis of symmetry.</summary>
    public Vector3 Axis { get; }

    /// <summary>The radius R of the core circle.</summary>
    public float MajorRadius { get; }

    /// <summary>The radius r of the tube.</summary>
    public float MinorRadius { get; }

    /// <inheritdoc/>
    public override float Distance(Vector3 point)
    {
        var v = point - Center;
        var height = Vector3.Dot(v, Axis);
        var radial = (v - height * Axis).Length();
        return MathF.Sqrt((radial - MajorRadius) * (radial - MajorRadius) + height * height) - MinorRadius;
    }

    /// <inheritdoc/>
    public override double SurfaceArea => 4 * Math.PI * Math.PI * MajorRadius * MinorRadius;

    /// <inheritdoc/>
    public override double Volume => 2 * Math.PI * Math.PI * MajorRadius * MinorRadius * MinorRadius;

    /// <inheritdoc/>
    public override Box3 Bounds
    {
        get
        {
            // The core circle reaches R·√(1 − aᵢ²) along axis i; the tube adds r in every direction.
            var a = Axis;
            var reach = new Vector3(
                MajorRadius * MathF.Sqrt(MathF.Max(0, 1 - a.X * a.X)),
                MajorRadius * MathF.Sqrt(MathF.Max(0, 1 - a.Y * a.Y)),
                MajorRadius * MathF.Sqrt(MathF.Max(0, 1 - a.Z * a.Z))) + new Vector3(MinorRadius);
            return new Box3(Center - reach, Center + reach);
        }
    }
}
