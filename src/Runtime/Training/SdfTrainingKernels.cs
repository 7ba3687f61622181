using ILGPU;
using ILGPU.Algorithms;

namespace TinyNN.Training;

/// <summary>The SDF trainer's own kernels: drawing a batch from the pool, and the Eikonal term.</summary>
public static class SdfTrainingKernels
{
    /// <summary>
    /// Sample i of step <paramref name="seed"/>: a pool point picked by an integer hash (different every step,
    /// no host work), written as the model input u = (x + 1)/2 ∈ [0, 1]³, with its target distance.
    /// </summary>
    public static void Gather(Index1D i, ArrayView<float> poolPoints, ArrayView<float> poolDistances, int poolSize, uint seed,
        ArrayView<float> input, ArrayView<float> target)
    {
        var h = (uint)(int)i * 0x9E3779B1u ^ seed * 0x85EBCA77u;
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

    /// <summary>
    /// The Eikonal term of sample i. With ∇ₓf = s·∇ᵤf (s = 1/2 from u = (x+1)/2) and n = ‖∇ₓf‖:
    /// residual (n − 1)² into <paramref name="residual"/>, and g = dL/d(∇ᵤf) of L = w·Σ(n − 1)² (w = λ/batch) into
    /// <paramref name="direction"/>: g = w·2(n − 1)·s²·∇ᵤf / n.
    /// </summary>
    public static void EikonalDirection(Index1D i, ArrayView<float> inputGradient, ArrayView<float> direction, ArrayView<float> residual,
        float scale, float weight)
    {
        var row = (long)(int)i * 3;
        float gx = inputGradient[row], gy = inputGradient[row + 1], gz = inputGradient[row + 2];
        var n = scale * XMath.Sqrt(gx * gx + gy * gy + gz * gz);
        var factor = weight * 2f * (n - 1f) * scale * scale / XMath.Max(n, 1e-12f);
        direction[row] = factor * gx;
        direction[row + 1] = factor * gy;
        direction[row + 2] = factor * gz;
        residual[i] = (n - 1f) * (n - 1f);
    }

    /// <summary>value[i] = 1 (dL₁/dy for ∇f).</summary>
    public static void Fill(Index1D i, ArrayView<float> values, float value) => values[i] = value;
}
