using ILGPU;
using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Models;
using TinyNN.Training;

namespace TinyNN.Tests.Training;

/// <summary>The general trainer (regression, optional regulariser on ∇ₓf) and the Eikonal regulariser's direction.</summary>
public sealed class TrainerTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    [Fact]
    public void RegressionLossFallsWithL2AndAdam()
    {
        // Fit y = (sin 3x₀, x₁·x₂) on [0, 1]³ with a frequency encoding and a small MLP: 300 steps must cut the L2 loss 10×.
        var config = ModelConfig.Parse("""
            {"encoding": {"otype": "Frequency", "n_frequencies": 3},
             "network": {"otype": "FullyFusedMLP", "activation": "Tanh", "n_neurons": 16, "n_hidden_layers": 2},
             "loss": {"otype": "L2"}, "optimizer": {"otype": "Adam", "learning_rate": 0.01}}
            """);
        using var model = ModelFactory.Create(fixture.Device, config, 3, 2);
        using var optimizer = TrainingFactory.CreateOptimizer(fixture.Device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        var loss = TrainingFactory.CreateLoss(fixture.Device, config.Loss, "L2");
        const int batch = 256;
        var random = new Random(4);
        var x = Enumerable.Range(0, 3 * batch).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, batch).SelectMany(s => new[] { MathF.Sin(3 * x[3 * s]), x[3 * s + 1] * x[3 * s + 2] }).ToArray();
        var a = fixture.Device.Accelerator;
        using var input = a.Allocate1D(x);
        using var target = a.Allocate1D(y);
        using var trainer = new Trainer(model, loss, optimizer, model.InitialParameters(1), batch);

        trainer.TrainStep(input.View, target.View);
        var first = trainer.ReadLosses();
        for (var i = 0; i < 300; i++) trainer.TrainStep(input.View, target.View);
        var last = trainer.ReadLosses();

        Assert.Equal(0, first.Regularizer);
        Assert.True(last.Loss < first.Loss / 10, $"L2 loss {first.Loss:0.00000} → {last.Loss:0.00000}");
    }

    [Fact]
    public void EikonalDirectionIsTheGradientOfItsTerm()
    {
        // R(G) = w·Σᵢ(‖s·Gᵢ‖ − 1)² with w = λ/batch: the direction must be dR/dG (central differences, float64 R).
        const int batch = 5, inputs = 3;
        const float lambda = 0.3f, scale = 0.5f;
        var regularizer = new EikonalRegularizer(fixture.Device, lambda, scale);
        var random = new Random(2);
        var gradient = Enumerable.Range(0, batch * inputs).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var a = fixture.Device.Accelerator;
        using var g = a.Allocate1D(gradient);
        using var direction = a.Allocate1D<float>(batch * inputs);
        using var values = a.Allocate1D<float>(batch);
        regularizer.Evaluate(g.View, direction.View, values.View, inputs, batch);
        a.Synchronize();
        var actual = direction.GetAsArray1D();
        double R(double[] gradient) => Enumerable.Range(0, batch).Sum(i =>
        {
            var n = scale * Math.Sqrt(Enumerable.Range(0, inputs).Sum(d => gradient[i * inputs + d] * gradient[i * inputs + d]));
            return lambda / batch * (n - 1) * (n - 1);
        });
        var at = gradient.Select(v => (double)v).ToArray();
        for (var k = 0; k < at.Length; k++)
        {
            var plus = (double[])at.Clone();
            var minus = (double[])at.Clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            Assert.Equal((R(plus) - R(minus)) / 2e-6, actual[k], 5);
        }
        var residuals = values.GetAsArray1D();
        for (var i = 0; i < batch; i++)
        {
            var n = scale * Math.Sqrt(Enumerable.Range(0, inputs).Sum(d => at[i * inputs + d] * at[i * inputs + d]));
            Assert.Equal((n - 1) * (n - 1), residuals[i], 5);
        }
    }
}
