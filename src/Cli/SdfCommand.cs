using System.Diagnostics;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Geometry;
using TinyNN.Models;
using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn sdf`, the main job: train a neural SDF with an Eikonal term on the embedded shape (or a mesh), then
/// write a checkpoint, a marching-cubes mesh, pictures (sphere-traced view, SDF slice, loss curves) and metrics.
/// </summary>
internal static class SdfCommand
{
    public static readonly string[] Options = ["mesh", "config", "out", "steps", "batch", "lambda", "resolution", "format", "resume", "device", "seed", "pool", "image-size"];
    public static readonly string[] Flags = ["quick"];

    public static int Run(CommandLineArguments options, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        using var device = ComputeDevice.Open(DeviceKinds.Parse(options.Get("device") ?? "auto"));
        // Without a GPU the quick preset is the default: the full budget would take hours on a CPU.
        var quick = options.Has("quick") || device.Mode != ExecutionMode.Cuda;
        var budget = SdfPresets.Budget(quick);
        if (options.Get("resume") is not null && options.Get("config") is not null)
        {
            throw new UsageException("sdf: --resume continues with the checkpoint's own config.json; drop --config");
        }
        var resumeFrom = options.Get("resume") is { } resume ? CheckpointFolder(resume) : null;
        var checkpoint = resumeFrom is null ? null : SdfCheckpoint.Load(resumeFrom);
        var outDirectory = options.Get("out") ?? (options.Get("resume") is { } r ? r : "sdf-out");
        var steps = Int(options, "steps", budget.Steps, 1);
        var batch = Int(options, "batch", checkpoint?.BatchSize ?? budget.Batch, 1);
        var resolution = Int(options, "resolution", budget.Resolution, 16);
        var poolSize = Int(options, "pool", budget.Pool, 1024);
        var imageSize = Int(options, "image-size", budget.Image, SdfOutputs.MinImageSize);
        if (imageSize > SdfOutputs.MaxImageSize) throw new UsageException($"sdf: --image-size must be {SdfOutputs.MinImageSize}..{SdfOutputs.MaxImageSize} (got {imageSize})");
        var seed = Int(options, "seed", 7, int.MinValue);
        var lambda = options.Get("lambda") is { } l
            ? float.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && float.IsFinite(parsed) ? parsed
                : throw new UsageException($"sdf: --lambda must be a finite number ≥ 0 (got '{l}')")
            : checkpoint?.EikonalWeight ?? 0.1f;
        var format = (options.Get("format") ?? "obj").ToLowerInvariant() is var f && f is "obj" or "ply" ? f : throw new UsageException($"sdf: --format must be obj or ply (got '{options.Get("format")}')");
        var config = checkpoint?.Config
            ?? (options.Get("config") is { } configPath ? ModelConfig.Load(configPath) : ModelConfig.Parse(quick ? SdfPresets.QuickConfig : SdfPresets.DefaultConfig));

        log.WriteLine($"tinynn sdf on {device.Description}{(quick ? " (quick preset)" : "")}");
        var truth = options.Get("mesh") is { } meshPath
            ? SdfGroundTruth.FromMesh(MeshReader.Read(meshPath), Path.GetFileName(meshPath))
            : SdfGroundTruth.FromShape(AnalyticShapes.Default);
        if (checkpoint is not null && checkpoint.Shape != truth.Name)
        {
            throw new InvalidDataException($"{resumeFrom}: the checkpoint was trained on '{checkpoint.Shape}', not '{truth.Name}' (pass the same --mesh)");
        }
        log.WriteLine($"shape: {truth.Name} ({truth.Surface.TriangleCount} triangles in [-1, 1]³)");

        var seconds = new Dictionary<string, double>();
        var phase = Stopwatch.StartNew();
        var poolBar = new ProgressBar("ground truth", 100);
        var pool = SdfSamplePool.Create(truth, poolSize, seed, new Progress<double>(p => poolBar.Report((long)(p * 100), "%")));
        poolBar.Report(100, "%");
        poolBar.Done();
        seconds["ground_truth"] = phase.Elapsed.TotalSeconds;

        using var model = ModelFactory.Create(device, config, 3, 1);
        var parameters = checkpoint?.Parameters ?? model.InitialParameters(seed);
        if (parameters.Length != model.ParameterCount)
        {
            throw new InvalidDataException($"{resumeFrom}/params.npy: holds {parameters.Length} parameters but its config.json makes a model of {model.ParameterCount}");
        }
        using var optimizer = TrainingFactory.CreateOptimizer(device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        if (checkpoint is not null) optimizer.ImportState(checkpoint.Optimizer);
        var loss = TrainingFactory.CreateLoss(device, config.Loss, "L1");
        log.WriteLine($"model: {model.Encoding.Name} → {model.Network.GetType().Name} {model.Network.Layout.Width}×{model.Network.Layout.HiddenLayers} "
            + $"{model.Network.Activation.Name}, {model.ParameterCount:N0} parameters; loss {loss.Name} + {lambda}·Eikonal; batch {batch}");

        var history = checkpoint?.History.ToList() ?? [];
        using var trainer = new SdfTrainer(model, optimizer, loss, pool, parameters, batch, lambda);
        // Ctrl-C (and a polite SIGTERM) stop after the current step and save a checkpoint.
        var cancelled = false;
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancelled = true; };
        Console.CancelKeyPress += onCancel;
        using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            signal => { signal.Cancel = true; cancelled = true; });
        // Compiled before the clock starts, so that the training time and the samples/s are the steps' own.
        phase.Restart();
        log.WriteLine("compiling the network's kernels…");
        model.Network.PrepareKernels();
        seconds["kernels"] = phase.Elapsed.TotalSeconds;
        // Start-up as a user waits for it: from the process's start (runtime start-up included) to the first training step.
        var firstStepAfter = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var trainWatch = Stopwatch.StartNew();
        var startStep = trainer.Step;
        var logEvery = Math.Max(1, steps / 100);
        var bar = new ProgressBar("training", steps);
        try
        {
            while (trainer.Step < steps && !cancelled)
            {
                trainer.TrainStep();
                if (trainer.Step % logEvery != 0 && trainer.Step != steps) continue;
                var losses = ReadFiniteLosses(trainer);
                history.Add(new LossRecord(trainer.Step, losses.Sdf, losses.Eikonal));
                var rate = (trainer.Step - startStep) * (double)batch / trainWatch.Elapsed.TotalSeconds;
                bar.Report(trainer.Step, $"sdf {losses.Sdf:0.00000} eik {losses.Eikonal:0.00000} {rate / 1e6:0.00} M samples/s");
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        bar.Done();
        // Interrupted between checked steps: check the last one too, so a diverged model is never checkpointed.
        if (cancelled && trainer.Step > startStep) ReadFiniteLosses(trainer);
        var trainSeconds = trainWatch.Elapsed.TotalSeconds;
        seconds["training"] = trainSeconds;
        Directory.CreateDirectory(outDirectory);
        var trained = trainer.ReadParameters();
        new SdfCheckpoint(config, trained, optimizer.ExportState(), trainer.Step, lambda, batch, truth.Name, history)
            .Save(Path.Combine(outDirectory, "checkpoint"));
        if (cancelled)
        {
            log.WriteLine($"interrupted at step {trainer.Step}: checkpoint saved to {Path.Combine(outDirectory, "checkpoint")} (continue with --resume {outDirectory})");
            return 130;
        }

        using var sdf = new ModelSdf(model, trained);
        var report = SdfOutputs.Write(sdf, truth, history, outDirectory, resolution, format, imageSize, seed, log, seconds);
        report.Extra["shape"] = truth.Name;
        report.Extra["device"] = device.Description;
        report.Extra["steps"] = trainer.Step;
        report.Extra["batch_size"] = batch;
        report.Extra["eikonal_weight"] = lambda;
        report.Extra["parameters"] = model.ParameterCount;
        report.Extra["training_seconds"] = Math.Round(trainSeconds, 3);
        report.Extra["training_samples_per_second"] = Math.Round((trainer.Step - startStep) * (double)batch / trainSeconds);
        report.Extra["total_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 3);
        report.Extra["phase_seconds"] = seconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3));
        report.Save(Path.Combine(outDirectory, "metrics.json"));
        log.WriteLine("time: " + string.Join(", ", seconds.Select(p => $"{p.Key.Replace('_', ' ')} {p.Value:0.0} s")) + $", total {total.Elapsed.TotalSeconds:0.0} s; "
            + $"first step {firstStepAfter:0.0} s after process start; " + (device.KernelCache?.Summary() ?? (device.IsCuda ? "kernel cache: off" : "kernel cache: not used off CUDA")));
        log.WriteLine($"trained {trainer.Step - startStep} steps in {trainSeconds:0.0} s; wrote {outDirectory}/: mesh.{format}, render.png, slice.png, loss.png, metrics.json, checkpoint/");
        log.WriteLine($"chamfer-L1 {report.ChamferL1:0.00000}  normal consistency {report.NormalConsistency:0.0000}  IoU {report.Iou:0.0000}  "
            + $"F-score {report.FScore:0.0000}  mean |SDF error| near surface {report.MeanAbsSdfErrorNearSurface:0.00000}  Eikonal residual {report.EikonalResidual:0.0000}");
        return 0;
    }

    /// <summary>The last step's losses; a clear error when the loss, gradient or parameters hold NaN or ∞.</summary>
    private static SdfLosses ReadFiniteLosses(SdfTrainer trainer)
    {
        var losses = trainer.ReadLosses();
        if (!double.IsFinite(losses.Sdf) || !double.IsFinite(losses.Eikonal) || trainer.CheckFinite() != Optimizers.NonFiniteKinds.None)
        {
            throw new InvalidOperationException($"training diverged at step {trainer.Step}: loss sdf {losses.Sdf}, eikonal {losses.Eikonal} "
                + "(NaN or ∞ in the loss, gradient or parameters); no checkpoint was written — lower the learning rate or λ");
        }
        return losses;
    }

    private static string CheckpointFolder(string path) =>
        Directory.Exists(Path.Combine(path, "checkpoint")) ? Path.Combine(path, "checkpoint") : path;

    private static int Int(CommandLineArguments options, string name, int fallback, int minimum) =>
        options.Get(name) is not { } text ? fallback
        : int.TryParse(text, out var value) && value >= minimum ? value
        : throw new UsageException($"sdf: --{name} must be an integer ≥ {minimum} (got '{text}')");
}
