using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Losses;
using TinyNN.Optimizers;

namespace TinyNN.Tests.Optimizers;

/// <summary>
/// The optimizers on a device against float64 references written from tcnn's headers, over several steps. Weights
/// stay within ±1.5 and a step moves them by ≤ 0.1, so float32 rounding (6e-8 relative per operation, ~20
/// operations a step, 6 steps) stays below 1e-6; 2e-6 absolute catches any wrong term (the smallest tested term,
/// l2_reg·w·lr_t, is ≥ 1e-5).
/// </summary>
public abstract class OptimizerTests(ComputeDevice device)
{
    private const double Tolerance = 2e-6;
    private const int Count = 37;
    private const int MatrixCount = 20;

    private MemoryBuffer1D<float, Stride1D.Dense> Upload(float[] values) => device.Accelerator.Allocate1D(values);

    private static float[] RandomWeights(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Count).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    /// <summary>Gradients for one step, times <paramref name="lossScale"/>; some non-matrix ones exactly 0 and some tiny.</summary>
    private static float[] Gradients(int seed, float lossScale)
    {
        var random = new Random(seed);
        var g = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            var value = random.NextDouble() * 2 - 1;
            if (i >= MatrixCount && random.Next(3) == 0) value = 0;   // hash-grid entries no sample touched
            else if (i % 7 == 3) value *= 1e-4;                       // drives AdaBound's upper bound
            g[i] = (float)(value * lossScale);
        }
        return g;
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    public static TheoryData<string> AdamCases => new("defaults", "regularised", "adabound", "matrix frozen", "non-matrix frozen");

    private static (AdamOptions Options, long? MatrixCount, float LossScale) AdamCase(string name) => name switch
    {
        "defaults" => (new AdamOptions(), null, 1f),
        "regularised" => (new AdamOptions
        {
            LearningRate = 1e-2f, L2Reg = 0.1f, RelativeDecay = 0.05f, AbsoluteDecay = 1e-3f,
            NonMatrixLearningRateFactor = 0.5f, NonMatrixL2Reg = 0.01f,
        }, MatrixCount, 128f),
        "adabound" => (new AdamOptions
        {
            LearningRate = 1e-2f, Beta1 = 0.8f, Beta2 = 0.99f, AdaBound = true, ClippingMagnitude = 0.9f,
            GradientClippingMagnitude = 0.5f, SkipZeroGradNonMatrixParams = false,
        }, MatrixCount, 4f),
        "matrix frozen" => (new AdamOptions { LearningRate = 1e-2f, OptimizeMatrixParams = false }, MatrixCount, 1f),
        _ => (new AdamOptions { LearningRate = 1e-2f, OptimizeNonMatrixParams = false }, MatrixCount, 1f),
    };

    [Theory, MemberData(nameof(AdamCases))]
    public void AdamMatchesTheFloat64ReferenceOverSeveralSteps(string name)
    {
        var (options, matrixCount, lossScale) = AdamCase(name);
        var initial = RandomWeights(seed: 1);
        using var adam = new AdamOptimizer(device, Count, options, matrixCount);
        var reference = new AdamReference(options, Count, (int)(matrixCount ?? Count));
        var expected = initial.Select(w => (double)w).ToArray();
        using var parameters = Upload(initial);
        for (var step = 0; step < 6; step++)
        {
            var g = Gradients(seed: 100 + step, lossScale);
            using var gradient = Upload(g);
            adam.Step(parameters.View, gradient.View, lossScale);
            reference.Step(expected, g, lossScale);
            AssertClose(expected, parameters.GetAsArray1D(), $"{name}, step {step + 1}, weights");
        }
        var state = adam.ExportState();
        Assert.Equal(6, state.StepCount);
        Assert.Equal(reference.ParameterSteps, state.Counters["param_steps"]);
        AssertClose(reference.FirstMoments, state.Arrays["first_moments"], $"{name}: first moments");
        if (name == "adabound") Assert.True(reference.BoundedSteps > 0, "the AdaBound case must hit a bound");
        if (name == "regularised") Assert.Contains(reference.ParameterSteps, s => s < 6);
    }

    [Fact]
    public void SgdMatchesTheFloat64Reference()
    {
        var initial = RandomWeights(seed: 2);
        using var sgd = new SgdOptimizer(device, Count, learningRate: 0.05f, l2Reg: 0.1f);
        var expected = initial.Select(w => (double)w).ToArray();
        using var parameters = Upload(initial);
        for (var step = 0; step < 5; step++)
        {
            var g = Gradients(seed: 200 + step, lossScale: 8f);
            using var gradient = Upload(g);
            sgd.Step(parameters.View, gradient.View, 8f);
            for (var i = 0; i < Count; i++) expected[i] -= 0.05 * (g[i] / 8.0 + (double)0.1f * expected[i]);
            AssertClose(expected, parameters.GetAsArray1D(), $"SGD step {step + 1}");
        }
        Assert.Equal(5, sgd.StepCount);
    }

    [Fact]
    public void ExponentialDecayFollowsTcnnsSchedule()
    {
        // SGD on a unit gradient moves each weight by −(the learning rate that step used).
        using var decay = new ExponentialDecayOptimizer(new SgdOptimizer(device, 3, learningRate: 1f, l2Reg: 0f),
            decayBase: 0.5f, decayStart: 3, decayInterval: 2, decayEnd: 7);
        using var parameters = Upload(new float[3]);
        using var gradient = Upload([1f, 1f, 1f]);
        // Step indices 0..9: decays at 3, 5 and 7 (≥ start, every 2, ≤ end); index 9 would be next but is past the end.
        double[] expected = [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.125];
        var before = 0f;
        for (var s = 0; s < expected.Length; s++)
        {
            decay.Step(parameters.View, gradient.View, 1f);
            var after = parameters.GetAsArray1D()[0];
            Assert.Equal(expected[s], before - after, 6);
            Assert.Equal(expected[s], decay.LearningRate, 6);
            before = after;
        }
        Assert.Equal(10, decay.StepCount);

        // Setting the rate keeps the accumulated factor: the base becomes 0.5 / 0.125 = 4.
        decay.LearningRate = 0.5f;
        decay.Step(parameters.View, gradient.View, 1f);
        Assert.Equal(0.5, before - parameters.GetAsArray1D()[0], 6);
    }

    [Fact]
    public void EmaIsTheBiasCorrectedDecayWeightedMeanOfTheWeights()
    {
        const double decay = 0.9;
        var initial = RandomWeights(seed: 3);
        using var ema = new EmaOptimizer(new SgdOptimizer(device, Count, learningRate: 0.1f, l2Reg: 0f), (float)decay);
        using var parameters = Upload(initial);
        var weights = initial.Select(w => (double)w).ToArray();
        var history = new List<double[]>();
        for (var t = 1; t <= 5; t++)
        {
            var g = Gradients(seed: 300 + t, lossScale: 1f);
            using var gradient = Upload(g);
            ema.Step(parameters.View, gradient.View, 1f);
            for (var i = 0; i < Count; i++) weights[i] -= (double)0.1f * g[i];
            history.Add((double[])weights.Clone());
            // ema_t = Σₖ (1 − d)·d^(t−k)·w_k / (1 − dᵗ), the closed form of tcnn's debiased recursion.
            var expected = new double[Count];
            for (var k = 1; k <= t; k++)
            {
                for (var i = 0; i < Count; i++) expected[i] += (1 - decay) * Math.Pow(decay, t - k) * history[k - 1][i];
            }
            for (var i = 0; i < Count; i++) expected[i] /= 1 - Math.Pow(decay, t);
            AssertClose(expected, Host(ema.AveragedParameters), $"EMA after step {t}");
        }
        AssertClose(weights, parameters.GetAsArray1D(), "EMA trains the raw weights");
    }

    private Optimizer Composite(int count) => new ExponentialDecayOptimizer(
        new EmaOptimizer(new AdamOptimizer(device, count, new AdamOptions { LearningRate = 1e-2f, L2Reg = 1e-3f }, MatrixCount), 0.95f),
        decayBase: 0.5f, decayStart: 2, decayInterval: 1, decayEnd: 100);

    [Fact]
    public void ExportedStateResumesTheExactSameNextStep()
    {
        using var original = Composite(Count);
        using var parameters = Upload(RandomWeights(seed: 4));
        for (var step = 0; step < 3; step++)
        {
            using var g = Upload(Gradients(seed: 400 + step, lossScale: 1f));
            original.Step(parameters.View, g.View, 1f);
        }
        var state = original.ExportState();
        var snapshot = parameters.GetAsArray1D();

        using var resumed = Composite(Count);
        resumed.ImportState(state);
        Assert.Equal(original.StepCount, resumed.StepCount);
        Assert.Equal(original.LearningRate, resumed.LearningRate);

        using var resumedParameters = Upload(snapshot);
        using var next = Upload(Gradients(seed: 499, lossScale: 1f));
        original.Step(parameters.View, next.View, 1f);
        resumed.Step(resumedParameters.View, next.View, 1f);
        Assert.Equal(parameters.GetAsArray1D(), resumedParameters.GetAsArray1D());
        Assert.Equal(Host(Averaged(original)), Host(Averaged(resumed)));
        Assert.Equal(original.LearningRate, resumed.LearningRate);
    }

    private static float[] Host(ArrayView1D<float, Stride1D.Dense> view) => view.GetAsArray1D();

    private static ArrayView<float> Averaged(Optimizer composite) =>
        ((EmaOptimizer)((ExponentialDecayOptimizer)composite).Nested).AveragedParameters;

    [Fact]
    public void ImportingAMismatchedStateIsAClearErrorAndChangesNothing()
    {
        using var source = Composite(Count);
        using var parameters = Upload(RandomWeights(seed: 5));
        using var g = Upload(Gradients(seed: 500, lossScale: 1f));
        source.Step(parameters.View, g.View, 1f);
        source.Step(parameters.View, g.View, 1f);
        source.Step(parameters.View, g.View, 1f);

        using var smaller = Composite(Count - 1);
        var e = Assert.Throws<ArgumentException>(() => smaller.ImportState(source.ExportState()));
        Assert.Contains("\"weights_ema\" has 37 values, this optimizer has 36 parameters", e.Message);
        Assert.Equal(0, smaller.StepCount);
        Assert.Equal(1e-2f, smaller.LearningRate);

        using var adam = new AdamOptimizer(device, Count);
        e = Assert.Throws<ArgumentException>(() => adam.ImportState(new SgdOptimizer(device, Count).ExportState()));
        Assert.Contains("cannot import a state of optimizer SGD into optimizer Adam", e.Message);
        var moments = adam.ExportState();
        var truncated = new OptimizerState("Adam", 1, moments.Scalars,
            new Dictionary<string, float[]> { ["first_moments"] = new float[Count], ["second_moments"] = new float[Count - 2] }, moments.Counters);
        e = Assert.Throws<ArgumentException>(() => adam.ImportState(truncated));
        Assert.Contains("\"second_moments\" has 35 values, this optimizer has 37 parameters", e.Message);
        e = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState("Adam", 1, moments.Scalars, moments.Arrays)));
        Assert.Contains("Adam state has no counters \"param_steps\"", e.Message);
    }

    [Fact]
    public void AdamMinimisesAQuadraticThroughTheL2Loss()
    {
        // Loss = mean((w − c)²): the L2 loss's gradient drives Adam, all on the device; one float is read at the end.
        const int n = 16;
        var random = new Random(6);
        var centre = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        using var weights = Upload(new float[n]);
        using var target = Upload(centre);
        using var values = device.Accelerator.Allocate1D<float>(n);
        using var gradient = device.Accelerator.Allocate1D<float>(n);
        using var lossValue = device.Accelerator.Allocate1D<float>(1);
        using var reduction = new LossReduction(device);
        var loss = new L2Loss(device);
        using var adam = new AdamOptimizer(device, n, new AdamOptions { LearningRate = 0.05f });
        loss.Evaluate(weights.View, target.View, values.View, gradient.View, n, 1f);
        reduction.Sum(values.View, n, lossValue.View);
        var initialLoss = lossValue.GetAsArray1D()[0];
        for (var step = 0; step < 300; step++)
        {
            loss.Evaluate(weights.View, target.View, values.View, gradient.View, n, 1f);
            adam.Step(weights.View, gradient.View, 1f);
        }
        loss.Evaluate(weights.View, target.View, values.View, gradient.View, n, 1f);
        reduction.Sum(values.View, n, lossValue.View);
        var finalLoss = lossValue.GetAsArray1D()[0];
        Assert.True(finalLoss < 1e-5 * initialLoss, $"loss {initialLoss} → {finalLoss} after 300 steps");
        var w = weights.GetAsArray1D();
        for (var i = 0; i < n; i++) Assert.True(Math.Abs(w[i] - centre[i]) < 1e-2, $"w[{i}] = {w[i]}, minimum at {centre[i]}");
    }

    [Fact]
    public void InvalidArgumentsAreRejectedWithTheirRange()
    {
        Assert.Contains("Adam: beta1 must be in [0, 1) (got 1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(device, 4, new AdamOptions { Beta1 = 1f })).Message);
        Assert.Contains("Adam: l2_reg must be finite and ≥ 0 (got -1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(device, 4, new AdamOptions { L2Reg = -1f })).Message);
        Assert.Contains("matrix parameter count must be 0..4 (got 5)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(device, 4, null, 5)).Message);
        Assert.Contains("parameter count must be 1..2147483647 (got 0)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new SgdOptimizer(device, 0)).Message);
        Assert.Contains("decay_interval must be ≥ 1 (got 0)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecayOptimizer(new SgdOptimizer(device, 4), decayInterval: 0)).Message);
        Assert.Contains("EMA: decay must be in [0, 1) (got 1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new EmaOptimizer(new SgdOptimizer(device, 4), 1f)).Message);

        using var sgd = new SgdOptimizer(device, 4);
        using var four = device.Accelerator.Allocate1D<float>(4);
        using var five = device.Accelerator.Allocate1D<float>(5);
        Assert.Contains("SGD: gradient has 5 floats, this optimizer has 4",
            Assert.Throws<ArgumentException>(() => sgd.Step(four.View, five.View, 1f)).Message);
        Assert.Contains("lossScale must be finite and > 0 (got NaN)",
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Step(four.View, four.View, float.NaN)).Message);
        Assert.Contains("learning rate must be finite and ≥ 0 (got -0.1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -0.1f).Message);
    }
}

public sealed class OptimizerSimulatorTests(CpuDeviceFixture fixture) : OptimizerTests(fixture.Device), IClassFixture<CpuDeviceFixture>;

public sealed class OptimizerFastPathTests(CpuFastPathFixture fixture) : OptimizerTests(fixture.Device), IClassFixture<CpuFastPathFixture>;
