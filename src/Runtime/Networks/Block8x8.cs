namespace TinyNN.Networks;

/// <summary>
/// The 8 × 8 block of sums one thread of the GPU's tiled products keeps in registers (<see cref="TiledMlpKernels"/>,
/// <see cref="TiledOuterProductKernel"/>); its unrolled operations are generated from the declaration. On tensor cores
/// (3×TF32, <see cref="Tf32"/>) it holds a warp's 32 × 64 product: accumulator r of tile (mt, nt) — rows 16mt … 16mt + 15,
/// columns 8nt … 8nt + 7 — in field (4mt + r, nt), stepped by the generated <c>TensorStep</c> and written out by
/// <c>StoreAccumulators</c>; the tiled passes and the parameter-gradient GEMM supply the fragments and sinks.
/// </summary>
[FusedBlock(8, 8)]
internal partial struct Block8x8;
