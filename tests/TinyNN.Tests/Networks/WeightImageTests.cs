using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The weight image the tiled passes copy their slices from, against its definition: for every matrix, both
/// operands (W: element (line, k) = W[line, k]; Wᵀ: W[k, line]), every k of every 32-k slice and every line of the
/// width, the float at <see cref="SwizzledSlice.Slot"/> is that weight, or exactly 0 past the operand (thin output
/// rows, inputs narrower than a slice). Shapes with one and three hidden layers, widths 64 and 128, inputs narrower
/// and wider than a slice. (That the passes give the same results with and without it is <c>GpuPathTests</c>' job.)
/// </summary>
public sealed class WeightImageTests
{
    [Theory]
    [InlineData(16, 64, 3, 1)]
    [InlineData(3, 64, 1, 4)]
    [InlineData(48, 128, 2, 16)]
    [InlineData(128, 128, 1, 128)]
    public void EverySlotHoldsItsWeightOrZero(int inputs, int width, int hiddenLayers, int outputs)
    {
        var layout = new MlpLayout(inputs, width, hiddenLayers, outputs);
        using var device = ComputeDevice.Open(DeviceKind.Cpu);
        var random = new Random(inputs + width);
        // Weights all non-zero, so that a zero in the image can only be padding.
        var weights = Enumerable.Range(0, (int)layout.ParameterCount).Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();
        using var w = device.Accelerator.Allocate1D(weights);
        using var image = device.Accelerator.Allocate1D<Float4>(WeightImage.Quads(layout));
        image.MemSet(0xFF);
        var build = device.LoadKernel<ArrayView<Float4>, ArrayView<float>, int, int, int, int, long>(WeightImage.Build);
        build((int)image.Length, image.View, w.View, width, inputs, hiddenLayers, outputs, layout.MatrixOffset(hiddenLayers));
        device.Accelerator.Synchronize();
        var floats = image.GetAsArray1D().SelectMany(q => new[] { q.X, q.Y, q.Z, q.W }).ToArray();

        var covered = 0L;
        for (var m = 0; m <= hiddenLayers; m++)
        {
            var fanIn = m == 0 ? inputs : width;
            var fanOut = m == hiddenLayers ? outputs : width;
            foreach (var transposed in new[] { false, true })
            {
                var (rows, depth) = transposed ? (fanIn, fanOut) : (fanOut, fanIn);
                var start = 4L * WeightImage.QuadOffset(width, inputs, m, transposed);
                var slices = (depth + WeightImage.Depth - 1) / WeightImage.Depth;
                for (var k = 0; k < slices * WeightImage.Depth; k++)
                {
                    for (var line = 0; line < width; line++)
                    {
                        var at = start + (long)(k / WeightImage.Depth) * WeightImage.Depth * width + SwizzledSlice.Slot(width, k % WeightImage.Depth, line);
                        var expected = line < rows && k < depth
                            ? weights[layout.MatrixOffset(m) + (transposed ? (long)k * fanIn + line : (long)line * fanIn + k)]
                            : 0f;
                        Assert.True(floats[at] == expected, $"matrix {m}{(transposed ? "ᵀ" : "")} k {k} line {line}: {floats[at]} instead of {expected}");
                        covered++;
                    }
                }
            }
        }
        Assert.Equal(floats.Length, covered); // the parts tile the image exactly
    }
}
