namespace TinyNN.Networks;

/// <summary>
/// Declares a register block for the GPU's tiled products: mark an empty <c>partial struct</c> and the generator fills
/// it with one float per element and the block's operations fully unrolled: the product step from 16-byte operand
/// quads, the tensor-core step (3×TF32, a warp's accumulators in the block's fields) and its accumulator stores, the
/// elementwise step of a tiled pass with its loads ahead of its stores, and the stores to a shared-memory tile, a dense
/// matrix or a strided operand (ILGPU 1.5.3 does not unroll loops, and an indexed array would live in local memory).
/// </summary>
/// <param name="rows">Rows a thread owns: 4, 8, 12 or 16.</param>
/// <param name="columns">Columns a thread owns: 4, 8, 12 or 16.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FusedBlockAttribute(int rows, int columns) : Attribute
{
    /// <summary>Rows a thread owns.</summary>
    public int Rows { get; } = rows;

    /// <summary>Columns a thread owns.</summary>
    public int Columns { get; } = columns;
}
