using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// Runs an encoding's three passes on a device, outputs poisoned with NaN (MemSet 0xFF) first, and checks them against
/// the float64 reference: y, dL₁/dx, dL₂/dx and dL₂/d(dL₁/dy) within the case's tolerance, padded columns exactly
/// the padding value (forward) and 0 (dL₂/d(dL₁/dy)), dL₂/dx exactly 0 where the second derivative vanishes.
/// b is random in the padded columns too: the passes must ignore it there.
/// </summary>
internal static class EncodingPassCheck
{
    public static void Run(ComputeDevice device, EncodingCase c, int batch, int seed)
    {
        var encoding = c.Create(device);
        var reference = c.Reference();
        Assert.Equal(reference.OutputWidth, encoding.OutputWidth);
        Assert.Equal(c.Padding, encoding.PaddingValue);
        reference = reference.Padded(encoding.PaddedOutputWidth, c.Padding);
        int n = encoding.InputWidth, p = encoding.PaddedOutputWidth;
        var random = new Random(seed);
        var x = Enumerable.Range(0, batch).SelectMany(_ => c.Sample(random)).Select(v => (float)v).ToArray();
        float[] Vector(int length) => [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        var b = Vector(batch * p);
        var g = Vector(batch * n);

        var a = device.Accelerator;
        MemoryBuffer1D<float, Stride1D.Dense> Poisoned(long length) { var m = a.Allocate1D<float>(length); m.MemSet(0xFF); return m; }
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g);
        using var y = Poisoned(batch * p);
        using var dx = Poisoned(batch * n);
        using var d2x = Poisoned(batch * n);
        using var d2b = Poisoned(batch * p);
        var none = ArrayView<float>.Empty;
        encoding.Forward(none, input.View, y.View, batch);
        encoding.Backward(none, input.View, outputGradient.View, dx.View, none, GradientMode.Overwrite, batch);
        encoding.BackwardBackwardInput(none, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, none, GradientMode.Overwrite, batch);
        a.Synchronize();

        var expected = new List<double>[4];
        for (var i = 0; i < 4; i++) expected[i] = [];
        for (var s = 0; s < batch; s++)
        {
            double[] Row(float[] data, int width) => [.. data.Skip(s * width).Take(width).Select(v => (double)v)];
            double[] xs = Row(x, n), bs = Row(b, p);
            expected[0].AddRange(reference.Forward(xs));
            expected[1].AddRange(reference.Backward(xs, bs));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(xs, bs, Row(g, n));
            expected[2].AddRange(inputGradient);
            expected[3].AddRange(outputGradientGradient);
        }
        float[] actualY = y.GetAsArray1D(), actualDx = dx.GetAsArray1D(), actualD2x = d2x.GetAsArray1D(), actualD2b = d2b.GetAsArray1D();
        AssertClose(expected[0], actualY, c.Tolerance, "y");
        AssertClose(expected[1], actualDx, c.Tolerance, "dL1/dx");
        AssertClose(expected[3], actualD2b, c.Tolerance, "dL2/d(dL1/dy)");
        if (c.SecondOrderVanishes) Assert.All(actualD2x, v => Assert.Equal(0f, v));
        else AssertClose(expected[2], actualD2x, c.Tolerance, "dL2/dx");
        for (var s = 0; s < batch; s++)
        {
            for (var j = encoding.OutputWidth; j < p; j++)
            {
                Assert.Equal((float)c.Padding, actualY[s * p + j]);
                Assert.Equal(0f, actualD2b[s * p + j]);
            }
        }

        // dL₁/dx may be skipped (an empty view), as when the encoding is the first module of a network.
        encoding.Backward(none, input.View, outputGradient.View, none, none, GradientMode.Ignore, batch);
        a.Synchronize();
    }

    public static void AssertClose(IReadOnlyList<double> expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Count, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v), $"{what}: {v} (NaN: never written)"));
        double difference = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        var error = Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-30);
        Assert.True(error <= tolerance, $"{what}: relative error {error:0.0e+0} > {tolerance:0.0e+0}");
    }
}
