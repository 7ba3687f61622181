namespace TinyNN.Encodings;

/// <summary>
/// The per-axis weight w(t) of the upper vertex at fraction t in a cell, and its derivatives in t; the kernels
/// are specialised per interpolator so Nearest and Linear carry no dead derivative terms.
/// </summary>
internal interface IGridInterpolator
{
    /// <summary>False for Nearest: one vertex, no blend, no input derivatives.</summary>
    static abstract bool Interpolates { get; }

    /// <summary>True when w″ is not identically 0 (Smoothstep): only then do the Hessian's diagonal terms exist.</summary>
    static abstract bool HasCurvature { get; }

    /// <summary>w(t).</summary>
    static abstract float Weight(float t);

    /// <summary>w′(t).</summary>
    static abstract float Derivative(float t);

    /// <summary>w″(t).</summary>
    static abstract float SecondDerivative(float t);
}

/// <summary>tcnn's Nearest: the vertex floor(scale·x + 0.5).</summary>
internal struct GridNearest : IGridInterpolator
{
    public static bool Interpolates => false;
    public static bool HasCurvature => false;
    public static float Weight(float t) => 0f;
    public static float Derivative(float t) => 0f;
    public static float SecondDerivative(float t) => 0f;
}

/// <summary>tcnn's Linear: w(t) = t.</summary>
internal struct GridLinear : IGridInterpolator
{
    public static bool Interpolates => true;
    public static bool HasCurvature => false;
    public static float Weight(float t) => t;
    public static float Derivative(float t) => 1f;
    public static float SecondDerivative(float t) => 0f;
}

/// <summary>tcnn's Smoothstep: w(t) = t²(3 − 2t), w′ = 6t(1 − t), w″ = 6 − 12t.</summary>
internal struct GridSmoothstep : IGridInterpolator
{
    public static bool Interpolates => true;
    public static bool HasCurvature => true;
    public static float Weight(float t) => t * t * (3f - 2f * t);
    public static float Derivative(float t) => 6f * t * (1f - t);
    public static float SecondDerivative(float t) => 6f - 12f * t;
}
