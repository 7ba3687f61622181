namespace TinyNN.Networks;

/// <summary>
/// Four consecutive floats read as one 16-byte load. The generated vector operations read weights through
/// <c>ArrayView&lt;float&gt;.Cast&lt;Float4&gt;()</c>, which ILGPU turns into <c>ld.shared.v4.f32</c> (or
/// <c>ld.global.v4.f32</c>): a warp then needs one load instruction per four multiply-adds instead of one per
/// multiply-add. The address must be 16-byte aligned, which <see cref="MlpNetwork"/> checks for the parameters.
/// </summary>
public struct Float4
{
    /// <summary>Element 0.</summary>
    public float X;

    /// <summary>Element 1.</summary>
    public float Y;

    /// <summary>Element 2.</summary>
    public float Z;

    /// <summary>Element 3.</summary>
    public float W;
}
