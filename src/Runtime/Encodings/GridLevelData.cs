namespace TinyNN.Encodings;

/// <summary>A level as the kernels read it: one small struct per level in device memory, the same for a whole warp.</summary>
internal struct GridLevelData
{
    /// <summary>The level's scale in float64: scale·x is then exact, so p = scale·x + 0.5 rounds once, as tcnn's fmaf.</summary>
    public double Scale;

    /// <summary>The scale in float32, for the chain rule ∂t/∂x = scale.</summary>
    public float ScaleFloat;

    /// <summary>Vertices per axis (the dense index's base).</summary>
    public uint Resolution;

    /// <summary>Entries of the level's table.</summary>
    public uint TableSize;

    /// <summary>1: hash the vertex; 0: dense index.</summary>
    public uint Hashed;

    /// <summary>First float of the level in the parameter vector: offset·F.</summary>
    public long ParameterOffset;

    /// <summary>tcnn's coherent prime hash of a vertex (v₀·1 ⊕ v₁·2654435761 ⊕ v₂·805459861 ⊕ v₃·3674653429) or
    /// its dense index Σ v_d·res^d, both in wrapping uint32 arithmetic, then reduced to the table.</summary>
    public readonly uint Entry(uint v0, uint v1, uint v2, uint v3)
    {
        var index = Hashed != 0
            ? v0 ^ (v1 * 2654435761u) ^ (v2 * 805459861u) ^ (v3 * 3674653429u)
            : v0 + Resolution * (v1 + Resolution * (v2 + Resolution * v3));
        return index % TableSize;
    }
}
