using ILGPU;

namespace TinyNN.Training;

/// <summary>The SDF trainer's own kernel: drawing a batch from the pool.</summary>
public static class SdfTrainingKernels
{
    /// <summary>
    /// Sample i of step <paramref name="seed"/>: a pool point picked by an integer hash (different every step,
    /// no host work), written as the model input u = (x + 1)/2 ∈ [0, 1]³, with its target distance. The hash takes
    /// i + <paramref name="offset"/>: data-parallel replica r draws samples r·B.. of the batch one trainer would draw.
    /// </summary>
    public static void Gather(Index1D i, ArrayView<float> poolPoints, ArrayView<float> poolDistances, int poolSize, uint seed,
        int offset, ArrayView<float> input, ArrayView<float> target)
    {
        var h = (uint)((int)i + offset) * 0x9E3779B1u ^ seed * 0x85EBCA77u;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        var index = (long)(h % (uint)poolSize);
        var row = (long)(int)i * 3;
        input[row] = 0.5f * poolPoints[3 * index] + 0.5f;
        input[row + 1] = 0.5f * poolPoints[3 * index + 1] + 0.5f;
        input[row + 2] = 0.5f * poolPoints[3 * index + 2] + 0.5f;
        target[i] = poolDistances[index];
    }
}
