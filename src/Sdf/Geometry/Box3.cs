using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>An axis-aligned box; <see cref="Empty"/> (Min = +∞, Max = −∞) is the identity for <see cref="Union"/>.</summary>
/// <param name="Min">The corner with the smallest coordinates.</param>
/// <param name="Max">The corner with the largest coordinates.</param>
public readonly record struct Box3(Vector3 Min, Vector3 Max)
{
    /// <summary>The box that contains nothing; including a point in it gives that point's box.</summary>
    public static Box3 Empty => new(new Vector3(float.PositiveInfinity), new Vector3(float.NegativeInfinity));

    /// <summary>The cube [−halfSide, halfSide]³.</summary>
    public static Box3 Cube(float halfSide)
    {
        if (!(halfSide > 0 && float.IsFinite(halfSide)))
        {
            throw new ArgumentOutOfRangeException(nameof(halfSide), $"cube half side must be finite and > 0 (got {halfSide})");
        }
        return new Box3(new Vector3(-halfSide), new Vector3(halfSide));
    }

    /// <summary>True when the box contains no point (some Min component exceeds its Max component).</summary>
    public bool IsEmpty => Min.X > Max.X || Min.Y > Max.Y || Min.Z > Max.Z;

    /// <summary>Max − Min.</summary>
    public Vector3 Size => Max - Min;

    /// <summary>The midpoint of the box.</summary>
    public Vector3 Center => (Min + Max) * 0.5f;

    /// <summary>The largest of the three side lengths.</summary>
    public float LongestSide => MathF.Max(Size.X, MathF.Max(Size.Y, Size.Z));

    /// <summary>The smallest box containing this box and <paramref name="point"/>.</summary>
    public Box3 Including(Vector3 point) => new(Vector3.Min(Min, point), Vector3.Max(Max, point));

    /// <summary>The smallest box containing both boxes.</summary>
    public Box3 Union(Box3 other) => new(Vector3.Min(Min, other.Min), Vector3.Max(Max, other.Max));

    /// <summary>True when <paramref name="point"/> lies inside or on the box.</summary>
    public bool Contains(Vector3 point) =>
        point.X >= Min.X && point.Y >= Min.Y && point.Z >= Min.Z && point.X <= Max.X && point.Y <= Max.Y && point.Z <= Max.Z;

    /// <summary>Squared distance from <paramref name="point"/> to the box (0 inside).</summary>
    public float DistanceSquared(Vector3 point)
    {
        var outside = Vector3.Max(Vector3.Max(Min - point, point - Max), Vector3.Zero);
        return outside.LengthSquared();
    }
}
