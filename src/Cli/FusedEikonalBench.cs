using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Networks;
using TinyNN.Networks.SecondOrder;
using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn bench`'s fused Eikonal step (<see cref="FusedSecondOrderStep"/>): its time beside the separate passes on the
/// same objective (λ = 1 on ‖∇ₓf‖ over all inputs), and its correctness at the benchmark's batch: the parameter
/// gradient against the separate passes' (float32, themselves checked against PyTorch float64), and against the float64
/// reference (<see cref="MlpReference"/>) with the residuals on the batch's first 4096 samples.
/// </summary>
internal static class FusedEikonalBench
{
    /// <summary>Samples the float64 reference covers (each is four sweeps of the network in C# doubles).</summary>
    private const int Float64Samples = 4096;

    public sealed record Result(double Seconds, double PassesSeconds, double ErrorAgainstPasses, double ErrorAgainstFloat64, int Float64Samples, double ResidualError);

    public static Result Measure(ComputeDevice device, MlpNetwork network, ArrayView<float> weights, ArrayView<float> input, int batch, int repeats)
    {
        var a = device.Accelerator;
        var layout = network.Layout;
        var inputs = layout.InputWidth;
        using var step = FusedSecondOrderStep.Create(network);
        using var fusedGradient = a.Allocate1D<float>(layout.ParameterCount);
        using var passesGradient = a.Allocate1D<float>(layout.ParameterCount);
        using var residuals = a.Allocate1D<float>(batch);
        var arguments = new FusedStepArguments
        {
            Parameters = weights, Input = input, BatchSize = batch, ParameterGradient = fusedGradient.View, Mode = GradientMode.Overwrite,
            EikonalWeight = 1f, EikonalScale = 1f, Residuals = residuals.View,
        };
        var seconds = BenchCommand.MedianSeconds(a, () => step.Run(arguments), repeats);

        var regularizer = new EikonalRegularizer(device, 1f, 1f);
        using var context = network.CreateContext(batch);
        using var y = a.Allocate1D<float>(batch);
        using var ones = a.Allocate1D(Enumerable.Repeat(1f, batch).ToArray());
        using var dx = a.Allocate1D<float>((long)batch * inputs);
        using var g0 = a.Allocate1D<float>((long)batch * inputs);
        using var values = a.Allocate1D<float>(batch);
        using var d2b = a.Allocate1D<float>(batch);
        using var d2x = a.Allocate1D<float>((long)batch * inputs);
        void Passes()
        {
            network.Forward(context, weights, input, y.View, batch);
            network.Backward(context, weights, input, ones.View, dx.View, default, GradientMode.Ignore, keepAdjoints: true);
            regularizer.Evaluate(dx.View, g0.View, values.View, inputs, batch);
            network.BackwardBackwardInput(context, weights, input, ones.View, g0.View, d2b.View, d2x.View, passesGradient.View, GradientMode.Overwrite,
                default, adjointsAreCurrent: true);
        }
        var passesSeconds = BenchCommand.MedianSeconds(a, Passes, repeats);
        step.Run(arguments);
        Passes();
        a.Synchronize();
        var againstPasses = RelativeError.Of(passesGradient.GetAsArray1D().Select(v => (double)v).ToArray(), fusedGradient.GetAsArray1D());

        var n = Math.Min(batch, Float64Samples);
        step.Run(arguments with { BatchSize = n });
        a.Synchronize();
        var parameters = new float[layout.ParameterCount];
        weights.SubView(0, layout.ParameterCount).CopyToCPU(parameters);
        var x = new float[n * inputs];
        input.SubView(0, x.Length).CopyToCPU(x);
        var (gradient, expectedResiduals) = Reference(network, parameters, x, n);
        var residualValues = new float[n];
        residuals.View.SubView(0, n).CopyToCPU(residualValues);
        return new Result(seconds, passesSeconds, againstPasses, RelativeError.Of(gradient, fusedGradient.GetAsArray1D()), n,
            RelativeError.Of(expectedResiduals, residualValues));
    }

    /// <summary>The step's parameter gradient and residuals in float64, sample by sample (λ = 1, s = 1).</summary>
    private static (double[] Gradient, double[] Residuals) Reference(MlpNetwork network, float[] parameters, float[] x, int batch)
    {
        var layout = network.Layout;
        var reference = new MlpReference(layout, network.Activation, network.OutputActivation, parameters.Select(v => (double)v).ToArray());
        var inputs = layout.InputWidth;
        var gradient = new double[layout.ParameterCount];
        var residuals = new double[batch];
        for (var s = 0; s < batch; s++)
        {
            var sample = new double[inputs];
            for (var d = 0; d < inputs; d++) sample[d] = x[s * inputs + d];
            residuals[s] = reference.Eikonal(sample, 1.0 / batch, 1.0, gradient).Residual;
        }
        return (gradient, residuals);
    }
}
