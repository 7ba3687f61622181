namespace TinyNN.Networks;

/// <summary>Where a lane's accumulators of a warp's tensor-core product go (a [FusedBlock]'s generated <c>StoreAccumulators</c>).</summary>
public interface IAccumulatorSink
{
    /// <summary>
    /// The four accumulators of the 16 × 8 tile at (<paramref name="rows"/>, <paramref name="columns"/>) from the lane's
    /// origin: (0, 0), (0, 1), (8, 0) and (8, 1) from there.
    /// </summary>
    void Store(int rows, int columns, float c0, float c1, float c2, float c3);
}
