using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The tiled passes' tensor-core product (3×TF32 <c>mma.sync</c>) on the CPU simulator, where <see cref="Tf32.Mma{TCores}"/>
/// emulates the instruction's fragment contract with warp shuffles: fragment loads, the swizzled tile, the
/// accumulators' way back into 8×8 blocks and the zeros past the depth (tile rows there hold NaN) against a float64
/// product, for depths below one k-step, across k-steps and staged slices. Tolerance 1e-5 relative: 3×TF32 keeps
/// float32 accuracy (about 2⁻²² a product) over ≤ 100 terms in [−1, 1].
/// The real instruction's contract is checked on a GPU by <c>tinynn mlp-check</c>.
/// </summary>
public sealed class TensorProductTests
{
    [Theory]
    [InlineData(64, 16)]
    [InlineData(64, 20)]
    [InlineData(64, 1)]
    [InlineData(64, 3)]
    [InlineData(64, 64)]
    [InlineData(128, 8)]
    [InlineData(128, 100)]
    public void TensorProductMatchesTheFloat64Product(int width, int depth)
    {
        using var device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: width / 32);
        var a = device.Accelerator;
        var random = new Random(width + depth);
        var weights = Enumerable.Range(0, width * depth).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var input = new float[width * TiledMlpKernels.Samples];
        for (var i = 0; i < input.Length; i++) input[i] = i / TiledMlpKernels.Samples < depth ? (float)(random.NextDouble() * 2 - 1) : float.NaN;
        using var w = a.Allocate1D(weights);
        using var x = a.Allocate1D(input);
        using var y = a.Allocate1D(Enumerable.Repeat(float.NaN, width * TiledMlpKernels.Samples).ToArray());
        var kernel = a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(Kernel);
        kernel(new KernelConfig(1, width, SharedMemoryConfig.RequestDynamic<Float4>(TiledMlpKernels.SharedFloat4s(width))), w.View, x.View, y.View, width, depth);
        a.Synchronize();
        var actual = y.GetAsArray1D();
        double error = 0, norm = 0;
        for (var m = 0; m < width; m++)
        {
            for (var n = 0; n < TiledMlpKernels.Samples; n++)
            {
                double expected = 0;
                for (var k = 0; k < depth; k++) expected += (double)weights[m * depth + k] * input[k * TiledMlpKernels.Samples + n];
                error = Math.Max(error, Math.Abs(actual[m * TiledMlpKernels.Samples + n] - expected));
                norm = Math.Max(norm, Math.Abs(expected));
            }
        }
        Assert.True(error <= 1e-5 * Math.Max(norm, 1), $"max error {error:0.0e+0} against max |value| {norm:0.00}");
    }

    /// <summary>One group: input [width][64] into the tile, y = W·tile through the tensor product, the blocks to y [width][64].</summary>
    private static void Kernel(ArrayView<float> weights, ArrayView<float> input, ArrayView<float> output, int width, int depth)
    {
        var shared = SharedMemory.GetDynamic<Float4>();
        var tile = shared.SubView(0, width * TiledMlpKernels.Samples / 4);
        var slice = shared.SubView(width * TiledMlpKernels.Samples / 4, TiledMlpKernels.SharedFloat4s(width) - width * TiledMlpKernels.Samples / 4);
        var floats = tile.Cast<float>();
        for (var e = Group.IdxX; e < width * TiledMlpKernels.Samples; e += width)
        {
            floats[SampleTile.Index(e / TiledMlpKernels.Samples, e % TiledMlpKernels.Samples)] = input[e];
        }
        Group.Barrier();
        var sums = TileProducts.TensorProduct<WithEmulatedTensorCores>(tile, slice, width, depth, new WeightSource { Operand = new StridedOperand { Data = weights, RowStride = depth, SampleStride = 1 } });
        sums.Store(output, 0, width, TiledMlpKernels.Samples, Group.IdxX / 8 * 8, Group.IdxX % 8 * 8);
    }
}
