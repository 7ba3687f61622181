namespace TinyNN.Encodings;

/// <summary>
/// One level of a grid encoding, as tcnn's grid.h lays it out. A position x in [0, 1] maps to
/// p = <paramref name="Scale"/>·x + 0.5 on a lattice of <paramref name="Resolution"/> vertices per axis; the level's
/// <paramref name="TableSize"/> entries of F features each start at entry <paramref name="Offset"/> of the flat
/// parameter vector (float index Offset·F).
/// </summary>
/// <param name="Index">The level, 0 = coarsest.</param>
/// <param name="Scale">tcnn's grid_scale: exp2(level·log2(per_level_scale))·base_resolution − 1, in float32.</param>
/// <param name="Resolution">tcnn's grid_resolution: ceil(Scale) + 1 vertices per axis.</param>
/// <param name="TableSize">Entries of the level (tcnn's params_in_level).</param>
/// <param name="Offset">Entries of all coarser levels (tcnn's offset table).</param>
/// <param name="Hashed">True when vertices are hashed (Hash grids whose level exceeds the table); false: dense index, wrapped modulo TableSize.</param>
public readonly record struct GridLevel(int Index, float Scale, int Resolution, long TableSize, long Offset, bool Hashed);
