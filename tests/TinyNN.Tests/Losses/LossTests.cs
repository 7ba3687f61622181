using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Losses;

namespace TinyNN.Tests.Losses;

/// <summary>
/// Every loss on a device against <see cref="LossReference"/> (float64, from tcnn's formulas) and against finite
/// differences of the reference value. float32 evaluates each element in ≤ 6 rounded operations (≤ 6·2⁻²⁴ ≈ 4e-7
/// relative), so 1e-6 relative is tight enough to catch a wrong constant, sign, normalisation or loss scale.
/// </summary>
public abstract class LossTests(ComputeDevice device)
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Names => new(LossReference.Names);

    private Loss Create(string name) => name == "Huber"
        ? Loss.Create(device, name, new Dictionary<string, double> { ["delta"] = LossReference.HuberDelta })
        : Loss.Create(device, name);

    private (float[] Values, float[] Gradients) Run(Loss loss, float[] predictions, float[] targets, Action<Loss, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> evaluate)
    {
        using var p = device.Accelerator.Allocate1D(predictions);
        using var t = device.Accelerator.Allocate1D(targets);
        using var values = device.Accelerator.Allocate1D(Enumerable.Repeat(float.NaN, predictions.Length).ToArray());
        using var gradients = device.Accelerator.Allocate1D(Enumerable.Repeat(float.NaN, predictions.Length).ToArray());
        evaluate(loss, p.View, t.View, values.View, gradients.View);
        device.Accelerator.Synchronize();
        return (values.GetAsArray1D(), gradients.GetAsArray1D());
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected) + 1e-12, $"{what}: expected {expected:R}, got {actual:R}");

    [Theory, MemberData(nameof(Names))]
    public void PaddedEvaluationMatchesTheReferenceAndZeroesPadding(string name)
    {
        const int samples = 23, stride = 4, dims = 3;
        const float lossScale = 128f;
        var (predictions, _) = LossReference.Points(samples * stride, seed: 1);
        var (_, targets) = LossReference.Points(samples * dims, seed: 2);
        // Keep every compared pair away from the kinks: re-draw targets next to their predictions.
        for (var s = 0; s < samples; s++)
        {
            for (var c = 0; c < dims; c++)
            {
                var p = predictions[s * stride + c];
                var t = targets[s * dims + c];
                if (Math.Abs(p - t) < 0.05 || Math.Abs(Math.Abs(p - t) - LossReference.HuberDelta) < 0.05) targets[s * dims + c] = p + 0.7f;
            }
        }
        var loss = Create(name);
        Assert.Equal(name, loss.Name);
        var (values, gradients) = Run(loss, predictions, targets, (l, p, t, v, g) => l.Evaluate(p, t, v, g, samples, stride, dims, lossScale));

        const double total = samples * dims;
        for (var s = 0; s < samples; s++)
        {
            for (var c = 0; c < stride; c++)
            {
                var i = s * stride + c;
                if (c >= dims)
                {
                    Assert.Equal(0f, values[i]);
                    Assert.Equal(0f, gradients[i]);
                    continue;
                }
                double p = predictions[i], t = targets[s * dims + c];
                AssertClose(LossReference.Value(name, p, t, p) / total, values[i], $"{name} value at sample {s}, column {c}");
                AssertClose(lossScale * LossReference.Gradient(name, p, t) / total, gradients[i], $"{name} gradient at sample {s}, column {c}");
            }
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void GradientIsTheFiniteDifferenceOfTheValue(string name)
    {
        const int count = 64;
        var (predictions, targets) = LossReference.Points(count, seed: 3);
        var (_, gradients) = Run(Create(name), predictions, targets, (l, p, t, v, g) => l.Evaluate(p, t, v, g, count, 1f));
        for (var i = 0; i < count; i++)
        {
            // Central differences in float64 with h = 1e-6: truncation ~h², rounding ~1e-16/h, both far below 1e-6.
            var expected = LossReference.FiniteDifference(name, predictions[i], targets[i]) / count;
            Assert.True(Math.Abs(gradients[i] - expected) <= 2 * Tolerance * Math.Abs(expected) + 1e-9,
                $"{name} at p = {predictions[i]}, t = {targets[i]}: gradient {gradients[i]:R}, finite difference {expected:R}");
        }
    }

    [Fact]
    public void SumOfL2ValuesIsTheMeanSquaredError()
    {
        const int count = 3000;
        var (predictions, targets) = LossReference.Points(count, seed: 4);
        using var loss = new LossReduction(device);
        using var p = device.Accelerator.Allocate1D(predictions);
        using var t = device.Accelerator.Allocate1D(targets);
        using var values = device.Accelerator.Allocate1D<float>(count);
        using var gradients = device.Accelerator.Allocate1D<float>(count);
        using var result = device.Accelerator.Allocate1D([float.NaN]);
        new L2Loss(device).Evaluate(p.View, t.View, values.View, gradients.View, count, 1f);
        loss.Sum(values.View, count, result.View);
        var expected = predictions.Zip(targets, (a, b) => ((double)a - b) * ((double)a - b)).Sum() / count;
        AssertClose(expected, result.GetAsArray1D()[0], "Σ values");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    [InlineData(5000)]
    public void ReductionMatchesTheFloat64SumAndMean(int count)
    {
        var random = new Random(count);
        var data = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
        using var reduction = new LossReduction(device);
        using var values = device.Accelerator.Allocate1D(data.Concat([1e6f]).ToArray()); // an element past count, to be ignored
        using var sum = device.Accelerator.Allocate1D([float.NaN]);
        using var mean = device.Accelerator.Allocate1D([float.NaN]);
        reduction.Sum(values.View, count, sum.View);
        reduction.Mean(values.View, count, mean.View);
        var expected = data.Sum(x => (double)x);
        // Kahan-compensated float32: error ≲ 2·2⁻²⁴·Σ|x| plus the final rounding.
        var bound = 2e-7 * data.Sum(x => Math.Abs((double)x)) + 6e-8 * Math.Abs(expected);
        Assert.True(Math.Abs(sum.GetAsArray1D()[0] - expected) <= bound, $"sum {sum.GetAsArray1D()[0]:R} vs {expected:R}");
        Assert.True(Math.Abs(mean.GetAsArray1D()[0] - expected / count) <= bound / count + 6e-8 * Math.Abs(expected / count),
            $"mean {mean.GetAsArray1D()[0]:R} vs {expected / count:R}");
    }

    [Fact]
    public void EvaluateRejectsShortViewsAndBadShapes()
    {
        var loss = new L1Loss(device);
        using var buffer = device.Accelerator.Allocate1D<float>(12);
        using var small = device.Accelerator.Allocate1D<float>(5);
        var v = buffer.View;
        var e = Assert.Throws<ArgumentException>(() => loss.Evaluate(v, small.View, v, v, 4, 3, 2, 1f));
        Assert.Contains("target has 5 floats, needs at least 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => loss.Evaluate(small.View, v, v, v, 6, 1f));
        Assert.Contains("prediction has 5 floats, needs at least 6", e.Message);
        Assert.Contains("dims must be 1..3", Assert.Throws<ArgumentOutOfRangeException>(() => loss.Evaluate(v, v, v, v, 4, 3, 4, 1f)).Message);
        Assert.Contains("lossScale must be finite and > 0 (got 0)", Assert.Throws<ArgumentOutOfRangeException>(() => loss.Evaluate(v, v, v, v, 4, 0f)).Message);
        using var reduction = new LossReduction(device);
        Assert.Contains("fewer than count = 13", Assert.Throws<ArgumentException>(() => reduction.Sum(v, 13, v)).Message);
    }
}

public sealed class LossSimulatorTests(CpuDeviceFixture fixture) : LossTests(fixture.Device), IClassFixture<CpuDeviceFixture>;

public sealed class LossFastPathTests(CpuFastPathFixture fixture) : LossTests(fixture.Device), IClassFixture<CpuFastPathFixture>;
