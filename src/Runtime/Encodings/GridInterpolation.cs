namespace TinyNN.Encodings;

/// <summary>How a grid level blends the vertices around a position (tcnn's InterpolationType).</summary>
public enum GridInterpolation
{
    /// <summary>The value of the vertex nearest the position; piecewise constant, so every input derivative is 0.</summary>
    Nearest,

    /// <summary>D-linear blend of the 2^D cell vertices; its second input derivatives along one axis are 0.</summary>
    Linear,

    /// <summary>D-linear blend with each weight t passed through t²(3 − 2t): C¹ across cells, with curvature.</summary>
    Smoothstep,
}
