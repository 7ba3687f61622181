namespace TinyNN.Encodings;

/// <summary>What a grid pass does at each corner; a struct type argument, so each kernel's loop keeps only its own terms.</summary>
internal interface IGridPass
{
    /// <summary>Whether the loop sums s·table[entry] into the level's output features.</summary>
    static abstract bool SumsFeatures { get; }

    /// <summary>Whether the loop scatters s·b into dL/dθ and sums (b·table[entry])·term_k into dL/dx_k.</summary>
    static abstract bool Scatters { get; }

    /// <summary>The corner's scale s.</summary>
    static abstract float Scale(GridCorner c, GridDirection u);

    /// <summary>The corner's factor term_k in dL/dx_k.</summary>
    static abstract float InputTerm(GridCorner c, int k, GridDirection u);
}

/// <summary>Forward: s = W.</summary>
internal struct GridForwardPass : IGridPass
{
    public static bool SumsFeatures => true;
    public static bool Scatters => false;
    public static float Scale(GridCorner c, GridDirection u) => GridCorner.Weight(c);
    public static float InputTerm(GridCorner c, int k, GridDirection u) => 0f;
}

/// <summary>Backward: s = W, term_k = ∂W/∂x_k.</summary>
internal struct GridBackwardPass : IGridPass
{
    public static bool SumsFeatures => false;
    public static bool Scatters => true;
    public static float Scale(GridCorner c, GridDirection u) => GridCorner.Weight(c);
    public static float InputTerm(GridCorner c, int k, GridDirection u) => GridCorner.Derivative(c, k);
}

/// <summary>Backward-backward: s = G = Σ_d u_d·∂W/∂x_d, term_k = Σ_d u_d·∂²W/∂x_d∂x_k.</summary>
internal struct GridBackwardBackwardPass<TD, TI> : IGridPass where TD : struct, IGridCount where TI : struct, IGridInterpolator
{
    public static bool SumsFeatures => true;
    public static bool Scatters => true;
    public static float Scale(GridCorner c, GridDirection u) => GridCorner.DirectionalDerivative<TD>(c, u.U0, u.U1, u.U2, u.U3);

    public static float InputTerm(GridCorner c, int k, GridDirection u) =>
        GridCorner.DirectionalSecondDerivative<TD, TI>(c, k, u.U0, u.U1, u.U2, u.U3);
}
