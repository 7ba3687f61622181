using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;
using TinyNN.Networks.SecondOrder;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn bench`: samples per second of inference, forward+backward and the Eikonal step of a fused MLP
/// (3 inputs padded to 16 with ones as tcnn.Network does, one output). Each number is the median of
/// --repeats synchronised runs after two warm-ups (kernel compilation stays out). One JSON line per result.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Largest log2 batch: width 128 × 2^24 samples is the passes' 32-bit layer-index limit.</summary>
    public const int MaxBatchLog2 = 24;

    /// <summary>The steps bench times (--steps); eikonal-fused only where the network has the fused second-order step.</summary>
    public static readonly string[] Steps = ["inference", "train", "eikonal", "eikonal-fused"];

    /// <summary>Runs bench from its command line, every list and count checked against its range first.</summary>
    public static int FromOptions(CommandLineArguments options)
    {
        const string c = "bench";
        var kind = DeviceKinds.Parse(options.Get("device") ?? "auto");
        var batches = OptionValues.Ints(options, c, "batches", options.Get("encoding") is null ? "16,18,20" : "18,20", 1, MaxBatchLog2, "log2 of the batch size");
        var repeats = OptionValues.Int(options, c, "repeats", 20, 1, 10_000);
        if (options.Get("encoding") is { } encoding)
        {
            return encoding == "hashgrid"
                ? RunHashGrid(kind, batches, repeats, Console.Out)
                : throw new UsageException($"bench: --encoding must be hashgrid (got '{encoding}')");
        }
        var widths = OptionValues.Ints(options, c, "widths", "64,128", 1, 1024);
        var layers = OptionValues.Int(options, c, "layers", 3, 1, 32);
        var activations = (options.Get("activations") ?? "ReLU,Softplus,Sine").Split(',');
        foreach (var activation in activations) ActivationRegistry.Get(activation);
        var steps = (options.Get("steps") ?? string.Join(",", Steps)).Split(',');
        if (steps.FirstOrDefault(step => !Steps.Contains(step)) is { } unknown)
        {
            throw new UsageException($"{c}: --steps takes comma-separated steps of {string.Join(", ", Steps)}; '{unknown}' is not one");
        }
        return Run(kind, widths, activations, batches, layers, repeats, Console.Out, options.Get("network") ?? "fused", steps);
    }

    public static int Run(DeviceKind kind, int[] widths, string[] activations, int[] batchLog2, int layers, int repeats, TextWriter output,
        string networkKind = "fused", string[]? steps = null)
    {
        steps ??= Steps;
        if (networkKind is not ("fused" or "per-sample" or "mlp"))
        {
            throw new UsageException($"bench: --network must be fused, per-sample or mlp (got '{networkKind}')");
        }
        using var device = ComputeDevice.Open(kind);
        var a = device.Accelerator;
        Console.Error.WriteLine($"device: {device.Description}");
        var eikonal = device.LoadKernel<ArrayView<float>, ArrayView<float>, int, float>(EikonalDirection);
        foreach (var width in widths)
        {
            foreach (var activation in activations)
            {
                var layout = new MlpLayout(16, width, layers, 1);
                MlpNetwork network = networkKind == "mlp"
                    ? new Mlp(device, layout, ActivationRegistry.Get(activation), ActivationRegistry.Get("None"))
                    : new FullyFusedMlp(device, layout, ActivationRegistry.Get(activation), ActivationRegistry.Get("None"),
                        networkKind == "per-sample" ? FusedKernels.PerSample : FusedKernels.Auto);
                using var w = a.Allocate1D(MlpInitialization.Create(layout, activation == "Sine", 1));
                using var dw = a.Allocate1D<float>(layout.ParameterCount);
                foreach (var log2 in batchLog2)
                {
                    var batch = 1 << log2;
                    var random = new Random(log2);
                    var x = new float[(long)batch * 16];
                    for (var i = 0; i < x.Length; i++) x[i] = i % 16 < 3 ? (float)(random.NextDouble() * 2 - 1) : 1f;
                    using var input = a.Allocate1D(x);
                    using var y = a.Allocate1D<float>(batch);
                    using var ones = a.Allocate1D(Enumerable.Repeat(1f, batch).ToArray());
                    using var dx = a.Allocate1D<float>((long)batch * 16);
                    using var g0 = a.Allocate1D<float>((long)batch * 16);
                    using var d2x = a.Allocate1D<float>((long)batch * 16);
                    using var d2b = a.Allocate1D<float>(batch);
                    using var c = network.CreateContext(batch);

                    double Time(Action step) => MedianSeconds(a, step, repeats);

                    double TimeIf(string step, Action action) => steps.Contains(step) ? Time(action) : double.NaN;

                    var inference = TimeIf("inference", () => network.Inference(w.View, input.View, y.View, batch));
                    var training = TimeIf("train", () =>
                    {
                        network.Forward(c, w.View, input.View, y.View, batch);
                        network.Backward(c, w.View, input.View, ones.View, default, dw.View, GradientMode.Overwrite);
                        a.Synchronize();
                    });
                    var eikonalStep = TimeIf("eikonal", () =>
                    {
                        network.Forward(c, w.View, input.View, y.View, batch);
                        network.Backward(c, w.View, input.View, ones.View, dx.View, dw.View, GradientMode.Ignore, keepAdjoints: true);
                        eikonal(batch * 16, dx.View, g0.View, 16, 1f / batch);
                        network.BackwardBackwardInput(c, w.View, input.View, ones.View, g0.View, d2b.View, d2x.View, dw.View, GradientMode.Overwrite,
                            default, adjointsAreCurrent: true);
                        a.Synchronize();
                    });
                    // Where the Eikonal step's time goes (stderr, for tuning): each pass alone, on the same context.
                    var parts = !steps.Contains("eikonal") ? [] : new (string Name, double Seconds)[]
                    {
                        ("forward", Time(() => network.Forward(c, w.View, input.View, y.View, batch))),
                        ("backward dx", Time(() => network.Backward(c, w.View, input.View, ones.View, dx.View, dw.View, GradientMode.Ignore))),
                        ("bwd-bwd", Time(() => network.BackwardBackwardInput(c, w.View, input.View, ones.View, g0.View, d2b.View, d2x.View, dw.View, GradientMode.Ignore))),
                        ("bwd-bwd+dW", Time(() => network.BackwardBackwardInput(c, w.View, input.View, ones.View, g0.View, d2b.View, d2x.View, dw.View, GradientMode.Overwrite))),
                    };
                    if (parts.Length > 0)
                    {
                        Console.Error.WriteLine($"  {activation} width {width} batch 2^{log2}: eikonal {eikonalStep * 1e3:0.000} ms = "
                            + string.Join(", ", parts.Select(p => $"{p.Name} {p.Seconds * 1e3:0.000}")) + " ms");
                    }
                    // Multiply-add FLOPs per sample: one sweep of every matrix is M; training is forward, backward and the dW
                    // product (3M); the Eikonal step is forward, backward (keeping its adjoints), the tangent and second-order
                    // adjoint sweeps and two dW products (6M).
                    var sweep = 2.0 * (width * 16 + (layers - 1) * width * width + width);
                    foreach (var (step, seconds, flops) in new[] { ("inference", inference, sweep), ("train", training, 3 * sweep), ("eikonal", eikonalStep, 6 * sweep) })
                    {
                        if (double.IsNaN(seconds)) continue;
                        output.WriteLine($"{{\"impl\":\"tinynn\",\"network\":\"{networkKind}\",\"step\":\"{step}\",\"width\":{width},\"activation\":\"{activation}\",\"layers\":{layers},\"batch\":{batch},\"seconds\":{seconds:R},\"samples_per_s\":{batch / seconds:R},\"flops_per_sample\":{flops:R},\"tflops\":{flops * batch / seconds / 1e12:R}}}");
                    }
                    if (steps.Contains("eikonal-fused") && FusedSecondOrderStep.Unsupported(network) is null)
                    {
                        var fused = FusedEikonalBench.Measure(device, network, w.View, input.View, batch, repeats);
                        output.WriteLine($"{{\"impl\":\"tinynn\",\"network\":\"{networkKind}\",\"step\":\"eikonal-fused\",\"width\":{width},\"activation\":\"{activation}\",\"layers\":{layers},\"batch\":{batch},\"seconds\":{fused.Seconds:R},\"samples_per_s\":{batch / fused.Seconds:R},\"flops_per_sample\":{6 * sweep:R},\"tflops\":{6 * sweep * batch / fused.Seconds / 1e12:R},\"passes_seconds\":{fused.PassesSeconds:R},\"grad_rel_err_vs_passes\":{fused.ErrorAgainstPasses:R},\"grad_rel_err_vs_float64\":{fused.ErrorAgainstFloat64:R},\"float64_samples\":{fused.Float64Samples},\"residual_rel_err_vs_float64\":{fused.ResidualError:R}}}");
                    }
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// The Eikonal step of `tinynn sdf`'s default model (HashGrid 16 levels, Smoothstep + FullyFusedMlp 64×2 Softplus,
    /// the model input u = (x+1)/2 so ∇ₓf = ½∇ᵤf), as benchmarks/gpu/pytorch_hashgrid.py times it in PyTorch.
    /// </summary>
    public static int RunHashGrid(DeviceKind kind, int[] batchLog2, int repeats, TextWriter output)
    {
        using var device = ComputeDevice.Open(kind);
        var a = device.Accelerator;
        Console.Error.WriteLine($"device: {device.Description}");
        using var model = Models.ModelFactory.Create(device, Configs.ModelConfig.Parse(SdfPresets.DefaultConfig), 3, 1);
        Console.Error.WriteLine($"model: {model.Encoding.Name} ({model.Encoding.ParameterCount} parameters) → {model.Network.GetType().Name} 64×2 Softplus");
        var eikonal = new Training.EikonalRegularizer(device, weight: 1f, inputScale: 0.5f);
        using var w = a.Allocate1D(model.InitialParameters(1));
        using var dw = a.Allocate1D<float>(model.ParameterCount);
        foreach (var log2 in batchLog2)
        {
            var batch = 1 << log2;
            var random = new Random(log2);
            using var input = a.Allocate1D(Enumerable.Range(0, 3 * batch).Select(_ => (float)random.NextDouble()).ToArray());
            using var y = a.Allocate1D<float>(batch);
            using var ones = a.Allocate1D(Enumerable.Repeat(1f, batch).ToArray());
            using var dx = a.Allocate1D<float>(3L * batch);
            using var g0 = a.Allocate1D<float>(3L * batch);
            using var residual = a.Allocate1D<float>(batch);
            using var d2x = a.Allocate1D<float>(3L * batch);
            using var d2b = a.Allocate1D<float>(batch);
            using var context = model.CreateContext(batch);
            void Step()
            {
                model.Forward(context, w.View, input.View, y.View, batch);
                model.Backward(context, w.View, input.View, ones.View, dx.View, default, GradientMode.Ignore, keepForSecondOrder: true);
                eikonal.Evaluate(dx.View, g0.View, residual.View, 3, batch);
                model.BackwardBackwardInput(context, w.View, input.View, ones.View, g0.View, d2b.View, d2x.View, dw.View, GradientMode.Overwrite,
                    firstOrderIsCurrent: true);
            }
            var seconds = MedianSeconds(a, Step, repeats);
            output.WriteLine($"{{\"impl\":\"tinynn\",\"step\":\"eikonal-hashgrid\",\"width\":64,\"activation\":\"Softplus\",\"layers\":2,\"batch\":{batch},\"seconds\":{seconds:R},\"samples_per_s\":{batch / seconds:R}}}");
        }
        return 0;
    }

    /// <summary>The median of <paramref name="repeats"/> synchronised runs of <paramref name="step"/> after two warm-ups (compilation stays out).</summary>
    internal static double MedianSeconds(Accelerator accelerator, Action step, int repeats)
    {
        step();
        step();
        accelerator.Synchronize();
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            step();
            accelerator.Synchronize();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// g₀ = dL/d(∇f) of L = mean (‖∇f‖ − 1)² over the first 3 input columns (the padded ones get 0). One thread an
    /// element of g₀, so that a warp's stores are contiguous (one thread a sample wrote 64-byte-strided floats, and
    /// the kernel took 0.22 ms of the 2^20 step on an H100 instead of about 0.03).
    /// </summary>
    private static void EikonalDirection(Index1D element, ArrayView<float> gradient, ArrayView<float> direction, int columns, float scale)
    {
        var sample = (int)element / columns;
        var column = (int)element - sample * columns;
        if (column >= 3)
        {
            direction[element] = 0f;
            return;
        }
        var row = (long)sample * columns;
        float gx = gradient[row], gy = gradient[row + 1], gz = gradient[row + 2];
        var norm = MathF.Sqrt(gx * gx + gy * gy + gz * gz) + 1e-12f;
        direction[element] = 2f * scale * (norm - 1f) / norm * gradient[element];
    }
}
