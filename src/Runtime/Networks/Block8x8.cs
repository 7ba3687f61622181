namespace TinyNN.Networks;

/// <summary>
/// The 8 × 8 block of sums one thread of the GPU's tiled products keeps in registers (<see cref="TiledMlpKernels"/>,
/// <see cref="TiledOuterProductKernel"/>); its unrolled operations are generated from the declaration.
/// </summary>
[FusedBlock(8, 8)]
internal partial struct Block8x8;
