using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The GPU's tiled outer-product GEMM on a simulator with 256-thread groups, against a float64 sum: partial tiles
/// (rows and columns not multiples of 64, including the thin ones whose samples are split among a tile's threads: one
/// row like an output layer, 16 columns like a first layer, a few of each), a batch not a multiple of the 32-sample depth, several chunks reduced in order, both
/// operand layouts ([rows][batch] and [batch, rows]), two operand pairs in one pass, and accumulation onto existing values;
/// with tensor cores (emulated here with warp shuffles) for the tiles the matrix fills, on the SIMT blocks otherwise.
/// Tolerance 1e-5 relative: float32 sums of ≤ 600 products (two pairs of 300) of values in [−1, 1].
/// </summary>
public sealed class TiledOuterProductKernelTests
{
    [Theory]
    [InlineData(70, 17, false, 300)]
    [InlineData(1, 64, false, 300)]
    [InlineData(64, 16, false, 300)]
    [InlineData(5, 3, false, 300)]
    [InlineData(130, 40, false, 300)]
    [InlineData(64, 64, false, 300)]
    [InlineData(70, 70, true, 45)] // small batches: the simulator's shuffles make each emulated mma slow
    [InlineData(70, 130, true, 20)] // a full tile away from the origin
    public void TiledSumsMatchTheFloat64Reference(int rows, int columns, bool tensorCores, int batch)
    {
        const int chunkSize = 64;
        using var device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: TiledOuterProductKernel.ReduceGroupSize / 32);
        var a = device.Accelerator;
        var random = new Random(7);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var left = Values(rows * batch);      // [rows][batch]
        var right = Values(batch * columns);  // [batch, columns]
        var initial = Values(rows * columns + 3);
        var left2 = Values(batch * rows);     // [batch, rows]
        var right2 = Values(columns * batch); // [columns][batch]
        using var left2Buffer = a.Allocate1D(left2);
        using var right2Buffer = a.Allocate1D(right2);
        using var leftBuffer = a.Allocate1D(left);
        using var rightBuffer = a.Allocate1D(right);
        using var gradient = a.Allocate1D(initial);
        var kernel = tensorCores
            ? a.LoadStreamKernel<ArrayView<float>, int, int, int, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, int>(
                TiledOuterProductKernel.Partials<WithEmulatedTensorCores>)
            : a.LoadStreamKernel<ArrayView<float>, int, int, int, int, StridedOperand, StridedOperand, StridedOperand, StridedOperand, int>(
                TiledOuterProductKernel.Partials<WithoutTensorCores>);
        var reduce = a.LoadStreamKernel<ArrayView<float>, long, ArrayView<float>, int, int>(TiledOuterProductKernel.ReducePartials);
        var tiles = (rows + 63) / 64 * ((columns + 63) / 64);
        var groups = (2 * batch + chunkSize - 1) / chunkSize;
        // The second pair uses the other layout on each side.
        using var partials = a.Allocate1D<float>((long)groups * rows * columns);
        partials.MemSet(0xFF); // every element a group owns must be written; NaN shows one that is not
        kernel(new KernelConfig(new Index2D(groups, tiles), new Index2D(TiledOuterProductKernel.GroupSize, 1)), partials.View, rows, columns, batch, chunkSize,
            new StridedOperand { Data = leftBuffer.View, RowStride = batch, SampleStride = 1 },
            new StridedOperand { Data = rightBuffer.View, RowStride = 1, SampleStride = columns },
            new StridedOperand { Data = left2Buffer.View, RowStride = 1, SampleStride = rows },
            new StridedOperand { Data = right2Buffer.View, RowStride = batch, SampleStride = 1 }, 2);
        reduce(new KernelConfig((rows * columns + TiledOuterProductKernel.ReduceElements - 1) / TiledOuterProductKernel.ReduceElements,
            TiledOuterProductKernel.ReduceGroupSize), gradient.View, 3, partials.View, rows * columns, groups);
        a.Synchronize();

        var actual = gradient.GetAsArray1D();
        for (var i = 0; i < 3; i++) Assert.Equal(initial[i], actual[i]);
        double error = 0, norm = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                double expected = initial[3 + r * columns + c];
                for (var s = 0; s < batch; s++)
                {
                    expected += (double)left[r * batch + s] * right[s * columns + c] + (double)left2[s * rows + r] * right2[c * batch + s];
                }
                error = Math.Max(error, Math.Abs(actual[3 + r * columns + c] - expected));
                norm = Math.Max(norm, Math.Abs(expected));
            }
        }
        Assert.True(error <= 1e-5 * Math.Max(norm, 1), $"max error {error:0.0e+0} against max |value| {norm:0.00}");
    }
}
