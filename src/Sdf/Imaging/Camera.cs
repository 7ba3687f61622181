using System.Numerics;

namespace TinyNN.Imaging;

/// <summary>A pinhole camera at <paramref name="Eye"/> looking at <paramref name="Target"/>, +y up (+z when looking along y).</summary>
/// <param name="Eye">The camera position.</param>
/// <param name="Target">The point at the image centre.</param>
/// <param name="FieldOfViewDegrees">The vertical field of view, in (0, 180) degrees.</param>
public sealed record Camera(Vector3 Eye, Vector3 Target, float FieldOfViewDegrees)
{
    /// <summary>A camera on a sphere of radius <paramref name="distance"/> around the origin, looking at it.</summary>
    /// <param name="azimuthDegrees">Angle around +y, from +z towards +x.</param>
    /// <param name="elevationDegrees">Angle above the xz plane, in (−90, 90).</param>
    /// <param name="distance">Distance from the origin, positive.</param>
    /// <param name="fieldOfViewDegrees">The vertical field of view.</param>
    public static Camera Orbit(float azimuthDegrees, float elevationDegrees, float distance, float fieldOfViewDegrees = 40)
    {
        if (!(elevationDegrees > -90 && elevationDegrees < 90)) throw new ArgumentOutOfRangeException(nameof(elevationDegrees), $"camera elevation must be in (-90, 90) degrees (got {elevationDegrees})");
        if (!(distance > 0) || !float.IsFinite(distance)) throw new ArgumentOutOfRangeException(nameof(distance), $"camera distance must be a positive finite number (got {distance})");
        if (!float.IsFinite(azimuthDegrees)) throw new ArgumentOutOfRangeException(nameof(azimuthDegrees), $"camera azimuth must be finite (got {azimuthDegrees})");
        float azimuth = azimuthDegrees * MathF.PI / 180, elevation = elevationDegrees * MathF.PI / 180;
        var eye = distance * new Vector3(MathF.Cos(elevation) * MathF.Sin(azimuth), MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Cos(azimuth));
        return new Camera(eye, Vector3.Zero, fieldOfViewDegrees);
    }

    /// <summary>The unit forward, right and up vectors of the view.</summary>
    /// <exception cref="ArgumentException">A coordinate is not finite, the eye is at the target, or the field of view is outside (0, 180).</exception>
    public (Vector3 Forward, Vector3 Right, Vector3 Up) Basis()
    {
        if (!float.IsFinite(Eye.X + Eye.Y + Eye.Z) || !float.IsFinite(Target.X + Target.Y + Target.Z))
        {
            throw new ArgumentException($"camera eye {Eye} and target {Target} must be finite");
        }
        if (!(FieldOfViewDegrees > 0 && FieldOfViewDegrees < 180))
        {
            throw new ArgumentException($"camera field of view must be in (0, 180) degrees (got {FieldOfViewDegrees})");
        }
        var view = Target - Eye;
        if (view.LengthSquared() < 1e-12f) throw new ArgumentException($"camera eye and target coincide at {Eye}");
        var forward = Vector3.Normalize(view);
        var worldUp = MathF.Abs(forward.Y) > 0.999f ? Vector3.UnitZ : Vector3.UnitY;
        var right = Vector3.Normalize(Vector3.Cross(forward, worldUp));
        return (forward, right, Vector3.Cross(right, forward));
    }
}
