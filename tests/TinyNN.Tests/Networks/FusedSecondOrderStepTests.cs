using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Losses;
using TinyNN.Networks;
using TinyNN.Networks.SecondOrder;

namespace TinyNN.Tests.Networks;

/// <summary>
/// The fused second-order step (<see cref="FusedSecondOrderStep"/>) on a simulator with GPU-sized groups, its tensor-core
/// products emulated by warp shuffles, against the float64 reference: the Eikonal term's and the data loss's parameter
/// gradient, y, the losses, the residuals and dL/dx. Batches that leave a partial tile, more tiles than groups (so a
/// group's partial sums carry over tiles), inputs not a multiple of 16. Tolerance: ‖float32 − reference‖ / ‖reference‖
/// ≤ 2e-5 as for the separate passes (3×TF32 products keep float32 accuracy, <see cref="Tf32"/>).
/// </summary>
public sealed class FusedSecondOrderStepTests : IDisposable
{
    private const double Tolerance = 2e-5;
    private const float Lambda = 0.3f, Scale = 0.5f;
    private readonly ComputeDevice device = ComputeDevice.OpenCpuSimulator(warpsPerGroup: 8);

    [Theory]
    [InlineData(16, "Softplus", "None", 2, 3, 130, true, true)]
    [InlineData(32, "Sine", "Softplus", 1, 16, 40, true, false)]
    [InlineData(16, "ReLU", "None", 3, 5, 70, false, true)]
    [InlineData(16, "Tanh", "Sigmoid", 1, 20, 33, true, true)]
    [InlineData(64, "Softplus", "None", 1, 3, 20, true, true)]
    public void StepGivesTheReferenceResults(int width, string hidden, string output, int layers, int inputs, int batch, bool withLoss, bool inputGradient)
    {
        var network = new FullyFusedMlp(device, new MlpLayout(inputs, width, layers, 1), ActivationRegistry.Get(hidden), ActivationRegistry.Get(output));
        using var step = FusedSecondOrderStep.Create(network);
        var random = new Random(width + layers + inputs);
        var parameters = Enumerable.Range(0, (int)network.Layout.ParameterCount).Select(_ => (float)(random.NextDouble() * 0.6 - 0.3)).ToArray();
        var x = Enumerable.Range(0, batch * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var t = Enumerable.Range(0, batch).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var a = device.Accelerator;
        using var p = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var target = a.Allocate1D(t);
        using var gradient = a.Allocate1D<float>(parameters.Length);
        using var y = a.Allocate1D<float>(batch);
        using var lossValues = a.Allocate1D<float>(batch);
        using var residuals = a.Allocate1D<float>(batch);
        using var dx = a.Allocate1D<float>(batch * inputs);
        gradient.MemSet(0x7F); // garbage that Overwrite must clear
        var loss = new L2Loss(device);
        step.Run(new FusedStepArguments
        {
            Parameters = p.View, Input = input.View, BatchSize = batch, ParameterGradient = gradient.View, Mode = GradientMode.Overwrite,
            EikonalWeight = Lambda, EikonalScale = Scale, Loss = withLoss ? loss : null, Target = target.View,
            Output = y.View, LossValues = lossValues.View, Residuals = residuals.View, InputGradient = inputGradient ? dx.View : default,
        });
        a.Synchronize();

        var expected = Reference(network, parameters, x, t, batch, withLoss);
        Assert.True(RelativeError.Of(expected.Gradient, gradient.GetAsArray1D()) <= Tolerance, $"dW: relative error {RelativeError.Of(expected.Gradient, gradient.GetAsArray1D()):0.0e+0}");
        Assert.True(RelativeError.Of(expected.Output, y.GetAsArray1D()) <= Tolerance, "y");
        Assert.True(RelativeError.Of(expected.Residuals, residuals.GetAsArray1D()) <= Tolerance, "residuals");
        if (withLoss) Assert.True(RelativeError.Of(expected.LossValues, lossValues.GetAsArray1D()) <= Tolerance, "loss values");
        if (inputGradient)
        {
            Assert.True(RelativeError.Of(expected.InputGradient, dx.GetAsArray1D()) <= Tolerance, $"dL/dx: relative error {RelativeError.Of(expected.InputGradient, dx.GetAsArray1D()):0.0e+0}");
        }
    }

    [Fact]
    public void AccumulateAddsToTheGradient()
    {
        var network = new FullyFusedMlp(device, new MlpLayout(3, 16, 1, 1), ActivationRegistry.Get("Softplus"), ActivationRegistry.Get("None"));
        using var step = FusedSecondOrderStep.Create(network);
        var count = (int)network.Layout.ParameterCount;
        var random = new Random(5);
        var a = device.Accelerator;
        using var p = a.Allocate1D(Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        using var input = a.Allocate1D(Enumerable.Range(0, 3 * 40).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        using var once = a.Allocate1D<float>(count);
        using var twice = a.Allocate1D<float>(count);
        var arguments = new FusedStepArguments { Parameters = p.View, Input = input.View, BatchSize = 40, EikonalWeight = 1f, EikonalScale = 1f };
        step.Run(arguments with { ParameterGradient = once.View, Mode = GradientMode.Overwrite });
        step.Run(arguments with { ParameterGradient = twice.View, Mode = GradientMode.Overwrite });
        step.Run(arguments with { ParameterGradient = twice.View, Mode = GradientMode.Accumulate });
        var single = once.GetAsArray1D();
        var doubled = twice.GetAsArray1D();
        Assert.Contains(single, v => v != 0f);
        for (var i = 0; i < count; i++) Assert.Equal(2 * single[i], doubled[i], 6);
    }

    [Theory]
    [InlineData(128, 1, 16, "widths 16, 32 and 64")]
    [InlineData(64, 2, 16, "one output")]
    [InlineData(64, 1, 80, "up to 64 inputs")]
    public void UnsupportedShapesSayWhy(int width, int outputs, int inputs, string expected)
    {
        var network = new FullyFusedMlp(device, new MlpLayout(inputs, width, 2, outputs), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        Assert.Contains(expected, FusedSecondOrderStep.Unsupported(network));
        Assert.Contains(expected, Assert.Throws<NotSupportedException>(() => FusedSecondOrderStep.Create(network)).Message);
    }

    [Fact]
    public void TheCpuFastPathKeepsTheSeparatePasses()
    {
        using var cpu = ComputeDevice.Open(DeviceKind.Cpu);
        var network = new FullyFusedMlp(cpu, new MlpLayout(3, 64, 2, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        Assert.Contains("CPU fast path", FusedSecondOrderStep.Unsupported(network));
    }

    [Fact]
    public void BadArgumentsNameWhatIsWrong()
    {
        var network = new FullyFusedMlp(device, new MlpLayout(3, 16, 1, 1), ActivationRegistry.Get("ReLU"), ActivationRegistry.Get("None"));
        using var step = FusedSecondOrderStep.Create(network);
        var a = device.Accelerator;
        using var p = a.Allocate1D<float>(network.Layout.ParameterCount);
        using var input = a.Allocate1D<float>(30);
        using var gradient = a.Allocate1D<float>(network.Layout.ParameterCount);
        var arguments = new FusedStepArguments
        {
            Parameters = p.View, Input = input.View, BatchSize = 10, ParameterGradient = gradient.View, Mode = GradientMode.Overwrite,
            EikonalWeight = 1f, EikonalScale = 1f,
        };
        Assert.Contains("Input holds 30 floats; this step needs 33", Assert.Throws<ArgumentException>(() => step.Run(arguments with { BatchSize = 11 })).Message);
        Assert.Contains("Overwrite or Accumulate", Assert.Throws<ArgumentException>(() => step.Run(arguments with { Mode = GradientMode.Ignore })).Message);
        Assert.Contains("λ", Assert.Throws<ArgumentOutOfRangeException>(() => step.Run(arguments with { EikonalWeight = float.NaN })).Message);
        Assert.Contains("Target", Assert.Throws<ArgumentException>(() => step.Run(arguments with { Loss = new L2Loss(device) })).Message);
    }

    /// <summary>The kernel as a GPU gets it (SM 9.0 PTX, compiled without one): inlined, float32, the mma instruction and no emulation of it.</summary>
    [Fact]
    public void GpuKernelCompilesToTensorCoreInstructions()
    {
        using var compiler = new PtxCompiler();
        var ptx = compiler.CompileExplicitlyGrouped(((Action<FusedStepViews>)FusedStepKernel.Step<Softplus, None, L2Loss.Element, WithTensorCores>).Method);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotMatch(@"\bcall\b", ptx);
        Assert.DoesNotMatch(@"\.f64\b", ptx);
        Assert.DoesNotContain("shfl.sync", ptx);
        Assert.Contains("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32", ptx);
    }

    private sealed record Expected(double[] Gradient, double[] Output, double[] LossValues, double[] Residuals, double[] InputGradient);

    /// <summary>The step in float64, per sample: the Eikonal term (<see cref="MlpReference.Eikonal"/>) and the data loss's backward.</summary>
    private static Expected Reference(MlpNetwork network, float[] parameters, float[] x, float[] t, int batch, bool withLoss)
    {
        var layout = network.Layout;
        var reference = new MlpReference(layout, network.Activation, network.OutputActivation, parameters.Select(v => (double)v).ToArray());
        var inputs = layout.InputWidth;
        var gradient = new double[layout.ParameterCount];
        var outputs = new double[batch];
        var lossValues = new double[batch];
        var residuals = new double[batch];
        var inputGradient = new double[batch * inputs];
        for (var s = 0; s < batch; s++)
        {
            var sample = Enumerable.Range(0, inputs).Select(d => (double)x[s * inputs + d]).ToArray();
            var y = reference.Forward(sample)[0];
            outputs[s] = y;
            (var dx, residuals[s]) = reference.Eikonal(sample, (double)Lambda / batch, Scale, gradient);
            if (withLoss)
            {
                // tcnn's L2: ℓ = (y − t)², dℓ/dy = 2(y − t), both divided by the element count.
                lossValues[s] = (y - t[s]) * (y - t[s]) / batch;
                var dataDx = reference.Backward(sample, [2 * (y - t[s]) / batch], gradient);
                for (var d = 0; d < inputs; d++) dx[d] += dataDx[d];
            }
            Array.Copy(dx, 0, inputGradient, s * inputs, inputs);
        }
        return new Expected(gradient, outputs, lossValues, residuals, inputGradient);
    }

    public void Dispose() => device.Dispose();
}
