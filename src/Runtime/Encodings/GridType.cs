namespace TinyNN.Encodings;

/// <summary>How a grid level stores its vertices (tcnn's GridType).</summary>
public enum GridType
{
    /// <summary>Dense while a level fits 2^log2HashmapSize entries, hashed beyond (tcnn's HashGrid).</summary>
    Hash,

    /// <summary>Every vertex of every level stored densely (tcnn's DenseGrid).</summary>
    Dense,

    /// <summary>Dense levels capped at base_resolution^D entries; finer levels repeat that tile (tcnn's TiledGrid).</summary>
    Tiled,
}
