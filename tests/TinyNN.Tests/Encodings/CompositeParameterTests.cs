using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;
using static TinyNN.Tests.FiniteDifferences;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// Composite with nested encodings that have parameters (<see cref="QuadraticTestEncoding"/> around a parameter-free
/// Frequency): every pass, dL₁/dθ and dL₂/dθ (the product's cross terms included) against the composed float64
/// reference, whose parameter gradients come from central differences in θ (h = 1e-6, double: error near 1e-9).
/// Tolerance 1e-5 relative: float32 passes a few operations deep (see EncodingCases).
/// </summary>
public sealed class CompositeParameterTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    private const int Batch = 3;
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(CompositeReduction.Concatenation)]
    [InlineData(CompositeReduction.Sum)]
    [InlineData(CompositeReduction.Product)]
    public void PassesAndParameterGradientsMatchTheReference(CompositeReduction reduction)
    {
        var d = fixture.Device;
        var composite = new CompositeEncoding(d, 6,
            [new QuadraticTestEncoding(d, 2), new FrequencyEncoding(d, 1, 1), new QuadraticTestEncoding(d, 2)], reduction, alignment: 4);
        var random = new Random((int)reduction);
        double[] Vector(int n, double low) => [.. Enumerable.Range(0, n).Select(_ => low + (1 - low) * random.NextDouble())];
        var theta = Vector(4, -1).Select(v => (double)(float)v).ToArray();
        var x = Vector(Batch * 6, 0).Select(v => (double)(float)v).ToArray();
        var b = Vector(Batch * composite.PaddedOutputWidth, -1).Select(v => (double)(float)v).ToArray();
        var g = Vector(Batch * 6, -1).Select(v => (double)(float)v).ToArray();
        EncodingReference Reference(double[] t) => EncodingReference.Composite(6, reduction,
                QuadraticTestEncoding.Reference(t[..2]), EncodingReference.Frequency(1, 1), QuadraticTestEncoding.Reference(t[2..]))
            .Padded(composite.PaddedOutputWidth, composite.PaddingValue);

        var a = d.Accelerator;
        float[] F(double[] v) => [.. v.Select(e => (float)e)];
        using var parameters = a.Allocate1D(F(theta));
        using var input = a.Allocate1D(F(x));
        using var outputGradient = a.Allocate1D(F(b));
        using var direction = a.Allocate1D(F(g));
        using var y = a.Allocate1D<float>(b.Length);
        using var dx = a.Allocate1D<float>(x.Length);
        using var d2x = a.Allocate1D<float>(x.Length);
        using var d2b = a.Allocate1D<float>(b.Length);
        using var dTheta = a.Allocate1D<float>(4);
        using var d2Theta = a.Allocate1D<float>(4);
        dTheta.MemSet(0xFF);
        d2Theta.MemSet(0xFF);
        composite.Forward(parameters.View, input.View, y.View, Batch);
        composite.Backward(parameters.View, input.View, outputGradient.View, dx.View, dTheta.View, GradientMode.Overwrite, Batch);
        composite.BackwardBackwardInput(parameters.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2Theta.View,
            GradientMode.Overwrite, Batch);
        a.Synchronize();

        int n = 6, p = composite.PaddedOutputWidth;
        var reference = Reference(theta);
        double[] Row(double[] data, int s, int width) => data[(s * width)..((s + 1) * width)];
        var expected = Enumerable.Range(0, 4).Select(_ => new List<double>()).ToArray();
        for (var s = 0; s < Batch; s++)
        {
            expected[0].AddRange(reference.Forward(Row(x, s, n)));
            expected[1].AddRange(reference.Backward(Row(x, s, n), Row(b, s, p)));
            var (inputGradient, outputGradientGradient) = reference.BackwardBackward(Row(x, s, n), Row(b, s, p), Row(g, s, n));
            expected[2].AddRange(inputGradient);
            expected[3].AddRange(outputGradientGradient);
        }
        double L1(double[] t) => Enumerable.Range(0, Batch).Sum(s => Dot(Reference(t).Forward(Row(x, s, n)), Row(b, s, p)));
        double L2(double[] t) => Enumerable.Range(0, Batch).Sum(s => Dot(Reference(t).Backward(Row(x, s, n), Row(b, s, p)), Row(g, s, n)));
        var expectedDTheta = Enumerable.Range(0, 4).Select(i => Central(theta, i, L1)).ToArray();
        var expectedD2Theta = Enumerable.Range(0, 4).Select(i => Central(theta, i, L2)).ToArray();

        EncodingPassCheck.AssertClose(expected[0], y.GetAsArray1D(), Tolerance, "y");
        EncodingPassCheck.AssertClose(expected[1], dx.GetAsArray1D(), Tolerance, "dL1/dx");
        EncodingPassCheck.AssertClose(expected[2], d2x.GetAsArray1D(), Tolerance, "dL2/dx");
        EncodingPassCheck.AssertClose(expected[3], d2b.GetAsArray1D(), Tolerance, "dL2/d(dL1/dy)");
        EncodingPassCheck.AssertClose(expectedDTheta, dTheta.GetAsArray1D(), Tolerance, "dL1/dθ");
        EncodingPassCheck.AssertClose(expectedD2Theta, d2Theta.GetAsArray1D(), Tolerance, "dL2/dθ");

        // Accumulate adds the same gradient again; Ignore leaves the buffer alone.
        composite.BackwardBackwardInput(parameters.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2Theta.View,
            GradientMode.Accumulate, Batch);
        composite.Backward(parameters.View, input.View, outputGradient.View, dx.View, dTheta.View, GradientMode.Ignore, Batch);
        a.Synchronize();
        EncodingPassCheck.AssertClose([.. expectedD2Theta.Select(v => 2 * v)], d2Theta.GetAsArray1D(), Tolerance, "dL2/dθ accumulated");
        EncodingPassCheck.AssertClose(expectedDTheta, dTheta.GetAsArray1D(), Tolerance, "dL1/dθ after Ignore");
    }

    [Fact]
    public void NestedEncodingsGetTheirParameterSlicesAndSeeds()
    {
        var d = fixture.Device;
        var composite = new CompositeEncoding(d, 5,
            [new QuadraticTestEncoding(d, 2), new FrequencyEncoding(d, 1, 1), new QuadraticTestEncoding(d, 1)], CompositeReduction.Concatenation);
        Assert.Equal(3, composite.ParameterCount);
        var parameters = new float[3];
        composite.InitializeParameters(parameters, seed: 7);
        Assert.Equal([7f, 7f, 9f], parameters);
        var error = Assert.Throws<ArgumentException>(() => composite.InitializeParameters(new float[2], 7));
        Assert.Contains("Composite has 3 parameters; got a span of 2", error.Message);
    }
}
