namespace TinyNN.Configs;

/// <summary>How a grid level stores its entries [tcnn encodings/grid.h].</summary>
public enum GridType
{
    /// <summary>"Hash": a hash table of 2^log2_hashmap_size entries once the dense grid would be larger.</summary>
    Hash,

    /// <summary>"Dense": every vertex stored.</summary>
    Dense,

    /// <summary>"Tiled" (alias "Tile"): at most base_resolution^D entries, the grid tiled over them.</summary>
    Tiled,
}
