namespace TinyNN.Configs;

/// <summary>How a grid blends the vertices around a point [tcnn encodings/grid.h].</summary>
public enum GridInterpolation
{
    /// <summary>"Nearest": the cell vertex's value.</summary>
    Nearest,

    /// <summary>"Linear": D-linear weights t.</summary>
    Linear,

    /// <summary>"Smoothstep": weights t²(3 − 2t), for smooth derivatives.</summary>
    Smoothstep,
}
