namespace TinyNN.Encodings;

/// <summary>Three floats a device function returns (a gradient or Hessian-vector product in x, y, z).</summary>
internal struct Vector3f
{
    /// <summary>The x component.</summary>
    public float X;

    /// <summary>The y component.</summary>
    public float Y;

    /// <summary>The z component.</summary>
    public float Z;
}
