using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>A double-precision 3-vector for sums and solid angles where float cancellation would cost accuracy.</summary>
internal readonly record struct Vector3D(double X, double Y, double Z)
{
    public Vector3D(Vector3 v) : this(v.X, v.Y, v.Z)
    {
    }

    public static Vector3D Zero => default;

    public static Vector3D operator +(Vector3D a, Vector3D b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3D operator -(Vector3D a, Vector3D b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3D operator *(Vector3D a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static double Dot(Vector3D a, Vector3D b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    public static Vector3D Cross(Vector3D a, Vector3D b) =>
        new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    public double LengthSquared() => Dot(this, this);

    public double Length() => Math.Sqrt(Dot(this, this));

    public double this[int axis] => axis switch { 0 => X, 1 => Y, _ => Z };
}
