namespace TinyNN.Networks;

/// <summary>
/// A lane's B fragments of a warp's tensor-core product, one 8-column n-tile at a time: what a [FusedBlock]'s generated
/// <c>TensorStep</c> multiplies its A fragments by (the tiled passes read them from the sample tile, the parameter-gradient
/// GEMM from its staged slice).
/// </summary>
public interface IFragmentColumns
{
    /// <summary>The B fragment of n-tile <paramref name="nt"/> (columns 8nt … 8nt + 7), split for 3×TF32.</summary>
    Tf32.FragmentB Column(int nt);
}
