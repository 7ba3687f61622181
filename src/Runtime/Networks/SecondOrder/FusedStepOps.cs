using ILGPU;
using TinyNN.Activations;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// A lane of the fused second-order step: where its <see cref="WarpTile"/> elements live in the exchange tiles and in its
/// private slots (slot k: the pre-activations pₖ; slot L + k: the adjoints aₖ₊₁, then the curvature terms cₖ).
/// </summary>
internal struct FusedStepLane
{
    public ArrayView<float> Shared;
    public FusedStepLayout Map;
    public int Thread, M0, N0, G, T;

    /// <summary>Per-sample rows of the output layer (<see cref="FusedStepLayout.SampleRow"/>).</summary>
    public const int OutputPreActivation = 0, OutputDelta = 1, OutputSecondAdjoint = 2, LossGradient = 3;

    public readonly int Private(int slot, int element) => Map.PrivateAt(slot, element, Thread);

    public readonly int PreActivation(int layer, int element) => Private(layer, element);

    public readonly int Adjoint(int layer, int element) => Private(Map.HiddenLayers + layer, element);

    /// <summary>Element <paramref name="element"/>'s place in the [row][sample] tile at <paramref name="tile"/>.</summary>
    public readonly int TileAt(int tile, int element) =>
        tile + (M0 + WarpTile.Row(element, G)) * WarpTile.RowStride + N0 + WarpTile.Column(element, T);

    /// <summary>
    /// What a reverse sweep brings down to a hidden element: the product's value Wₖ₊₁ᵀ(·), or above the last hidden layer
    /// W_out[row] times the element's sample in per-sample row <paramref name="row"/> of the output layer.
    /// </summary>
    public readonly float FromAbove(int element, float value, bool fromOutput, int row) =>
        fromOutput ? Shared[Map.OutputRow + M0 + WarpTile.Row(element, G)] * Shared[Map.SampleRow(row) + N0 + WarpTile.Column(element, T)] : value;
}

/// <summary>Forward: keeps pₖ and writes hₖ₊₁ = σ(pₖ) to the next layer's tile.</summary>
internal struct ForwardOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;

    public readonly void Apply(int element, float value)
    {
        Lane.Shared[Lane.PreActivation(Layer, element)] = value;
        Lane.Shared[Lane.TileAt(Destination, element)] = ElementMath<THidden>.Forward(value);
    }
}

/// <summary>Backward: keeps aₖ₊₁ (the product's value, or W_outᵀδ_out above the last hidden layer) and writes δₖ = σ′(pₖ)·aₖ₊₁.</summary>
internal struct BackwardOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;
    public bool FromOutput;

    public readonly void Apply(int element, float value)
    {
        var a = Lane.FromAbove(element, value, FromOutput, FusedStepLane.OutputDelta);
        Lane.Shared[Lane.Adjoint(Layer, element)] = a;
        Lane.Shared[Lane.TileAt(Destination, element)] = ElementMath<THidden>.DerivativeTimes(Lane.Shared[Lane.PreActivation(Layer, element)], a);
    }
}

/// <summary>The tangent sweep's first half of dWₖ needs δₖ = σ′(pₖ)·aₖ₊₁ again: recomputed from the kept values into a tile.</summary>
internal struct DeltaOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;

    public readonly void Apply(int element, float value) =>
        Lane.Shared[Lane.TileAt(Destination, element)] =
            ElementMath<THidden>.DerivativeTimes(Lane.Shared[Lane.PreActivation(Layer, element)], Lane.Shared[Lane.Adjoint(Layer, element)]);
}

/// <summary>
/// Tangent sweep, from uₖ = Wₖgₖ: writes gₖ₊₁ = σ′(pₖ)·uₖ and replaces the kept aₖ₊₁ by the curvature term
/// cₖ = σ″(pₖ)·uₖ·aₖ₊₁, the only use the second-order sweep makes of uₖ and aₖ₊₁.
/// </summary>
internal struct TangentOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;

    public readonly void Apply(int element, float value)
    {
        var p = Lane.Shared[Lane.PreActivation(Layer, element)];
        var kept = Lane.Adjoint(Layer, element);
        Lane.Shared[kept] = ElementMath<THidden>.Curvature(p, value, Lane.Shared[kept]);
        Lane.Shared[Lane.TileAt(Destination, element)] = ElementMath<THidden>.DerivativeTimes(p, value);
    }
}

/// <summary>hₖ₊₁ = σ(pₖ) again, for the parameter gradient's sₖ₊₁hₖ₊₁ᵀ.</summary>
internal struct ActivationOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;

    public readonly void Apply(int element, float value) =>
        Lane.Shared[Lane.TileAt(Destination, element)] = ElementMath<THidden>.Forward(Lane.Shared[Lane.PreActivation(Layer, element)]);
}

/// <summary>Second-order sweep, from e = Wₖ₊₁ᵀsₖ₊₁ (or W_outᵀs_out): writes sₖ = σ′(pₖ)·e + cₖ.</summary>
internal struct SecondOrderOp<THidden> : IWarpTileOp where THidden : struct, IActivation
{
    public FusedStepLane Lane;
    public int Layer, Destination;
    public bool FromOutput;

    public readonly void Apply(int element, float value)
    {
        var e = Lane.FromAbove(element, value, FromOutput, FusedStepLane.OutputSecondAdjoint);
        Lane.Shared[Lane.TileAt(Destination, element)] =
            ElementMath<THidden>.DerivativeTimes(Lane.Shared[Lane.PreActivation(Layer, element)], e) + Lane.Shared[Lane.Adjoint(Layer, element)];
    }
}

/// <summary>The product's values into a tile (∇ₓf and dL/dx, rows of the padded input).</summary>
internal struct StoreOp : IWarpTileOp
{
    public FusedStepLane Lane;
    public int Destination;

    public readonly void Apply(int element, float value) => Lane.Shared[Lane.TileAt(Destination, element)] = value;
}
