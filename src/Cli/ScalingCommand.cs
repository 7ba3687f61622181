using System.Diagnostics;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Distributed;
using TinyNN.Models;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn scaling`: data-parallel training steps (forward, Eikonal backward-of-backward, NCCL all-reduce, optimizer) on
/// 1, 2, 4… GPUs of this host at a fixed batch per GPU, against one GPU without NCCL in the same run; then the check that
/// N GPUs with batch B each end, after a few SGD steps, where one GPU ends with batch N·B. One JSON line per result.
/// </summary>
internal static class ScalingCommand
{
    private const string MlpConfig = """
        {"network": {"otype": "FullyFusedMLP", "activation": "Softplus", "output_activation": "None", "n_neurons": 64, "n_hidden_layers": 3},
         "optimizer": {"otype": "Adam", "learning_rate": 0.001}}
        """;

    // SGD is linear in the gradient, so the check also catches a wrongly scaled sum (Adam would hide it).
    private static readonly OptimizerConfig CheckOptimizer = new SgdOptimizerConfig(learningRate: 0.05f, l2Reg: 0f);

    public static int Run(CommandLineArguments options, TextWriter output)
    {
        var modelName = options.Get("model") ?? "mlp";
        var config = ModelConfig.Parse(modelName switch
        {
            "mlp" => MlpConfig,
            "sdf" => SdfPresets.DefaultConfig,
            _ => throw new UsageException($"scaling: --model must be mlp (FullyFusedMlp 64×3 Softplus) or sdf (tinynn sdf's HashGrid + MLP) (got '{modelName}')"),
        });
        var counts = (options.Get("gpus") ?? "1,2,4").Split(',').Select(c => int.TryParse(c, out var n) && n >= 1 ? n
            : throw new UsageException($"scaling: --gpus takes GPU counts ≥ 1 separated by commas (got '{c}')")).ToArray();
        var batch = 1 << Positive(options, "batch-log2", 20, 26);
        var steps = Positive(options, "steps", 20, 100000);
        var checkSteps = Positive(options, "check-steps", 3, 1000);
        var present = ComputeDevice.CudaDeviceCount();
        if (counts.Max() > present)
        {
            throw new UsageException($"scaling: --gpus {string.Join(',', counts)} needs {counts.Max()} GPUs; this machine has {present}");
        }
        var nccl = NcclLibrary.Instance;
        Console.Error.WriteLine($"NCCL {nccl.VersionText} from {nccl.Path}; NCCL_NVLS_ENABLE={Environment.GetEnvironmentVariable("NCCL_NVLS_ENABLE")}");
        var devices = new List<ComputeDevice>();
        var models = new List<NetworkWithInputEncoding>();
        try
        {
            for (var d = 0; d < counts.Max(); d++)
            {
                devices.Add(ComputeDevice.OpenCuda(d));
                using (devices[d].Accelerator.BindScoped()) models.Add(ModelFactory.Create(devices[d], config, 3, 1));
                Console.Error.WriteLine($"GPU {d}: {devices[d].Description}");
            }
            var initial = models[0].InitialParameters(1);
            var baseline = Time(models, initial, config.Optimizer, 1, batch, steps, allReduce: false);
            Report(output, modelName, "1-no-nccl", 1, batch, baseline, baseline);
            foreach (var n in counts)
            {
                Report(output, modelName, n.ToString(), n, batch, Time(models, initial, config.Optimizer, n, batch, steps, allReduce: true), baseline);
            }
            foreach (var n in counts.Where(n => n > 1)) Check(output, modelName, models, initial, n, batch, checkSteps);
            return 0;
        }
        finally
        {
            foreach (var model in models) model.Dispose();
            foreach (var device in devices) device.Dispose();
        }
    }

    /// <summary>Median seconds a step of <paramref name="gpus"/> replicas, after warm-up steps (compilation stays out).</summary>
    private static double Time(IReadOnlyList<NetworkWithInputEncoding> models, float[] initial, OptimizerConfig? optimizerConfig, int gpus,
        int batch, int steps, bool allReduce)
    {
        using var run = new ReplicaRun(models.Take(gpus).ToList(), initial, optimizerConfig, batch, seed: 3, allReduce);
        var times = new List<double>();
        for (var s = 0; s < steps + 3; s++)
        {
            var watch = Stopwatch.StartNew();
            run.Step();
            run.Synchronize();
            if (s >= 3) times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>N GPUs with batch B against GPU 0 with batch N·B on the same samples, after a few SGD steps.</summary>
    private static void Check(TextWriter output, string model, IReadOnlyList<NetworkWithInputEncoding> models, float[] initial, int gpus, int batch,
        int steps)
    {
        using var parallel = new ReplicaRun(models.Take(gpus).ToList(), initial, CheckOptimizer, batch, seed: 5, allReduce: true);
        for (var s = 0; s < steps; s++) parallel.Step();
        var split = parallel.ReadParameters();
        using var single = new ReplicaRun([models[0]], initial, CheckOptimizer, gpus * batch, seed: 5, allReduce: false);
        for (var s = 0; s < steps; s++) single.Step();
        var whole = single.ReadParameters();
        var difference = whole.Zip(split, (a, b) => Math.Abs(a - b)).Max();
        var moved = whole.Zip(initial, (a, b) => Math.Abs(a - b)).Max();
        var ok = difference <= 1e-3 * moved + 1e-6;
        output.WriteLine($"{{\"check\":\"summed-batch\",\"model\":\"{model}\",\"gpus\":{gpus},\"batch_per_gpu\":{batch},\"steps\":{steps},"
            + $"\"max_abs_difference\":{difference:R},\"max_parameter_move\":{moved:R},\"ok\":{(ok ? "true" : "false")}}}");
    }

    private static void Report(TextWriter output, string model, string label, int gpus, int batch, double seconds, double baseline) =>
        output.WriteLine($"{{\"impl\":\"tinynn\",\"step\":\"scaling\",\"model\":\"{model}\",\"gpus\":\"{label}\",\"batch_per_gpu\":{batch},"
            + $"\"step_ms\":{seconds * 1e3:R},\"samples_per_s\":{(double)gpus * batch / seconds:R},\"speedup\":{gpus * baseline / seconds:R}}}");

    private static int Positive(CommandLineArguments options, string name, int fallback, int maximum) =>
        options.Get(name) is not { } text ? fallback
        : int.TryParse(text, out var value) && value >= 1 && value <= maximum ? value
        : throw new UsageException($"scaling: --{name} must be an integer 1..{maximum} (got '{text}')");
}
