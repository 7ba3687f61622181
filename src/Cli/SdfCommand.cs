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
/// Options, paths and memory are checked before any work; checkpoints are saved every --checkpoint-every steps and
/// at the end by a protocol that survives errors and kills; divergence stops training with the last good checkpoint kept.
/// </summary>
internal static class SdfCommand
{
    public static int Run(CommandLineArguments options, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var gpus = GpusOption.Parse(options.Get(GpusOption.Name), options.Get("device"), ComputeDevice.CudaDeviceCount, () => Distributed.NcclLibrary.Instance);
        var kind = DeviceKinds.Parse(options.Get("device") ?? "auto");
        ComputeDevice? opened = null;
        ComputeDevice Device() => opened ??= ComputeDevice.Open(kind);
        SdfOptions o;
        try
        {
            // Without a GPU the quick preset is the default: the full budget would take hours on a CPU.
            o = SdfOptions.Parse(options, () => Device().Mode != ExecutionMode.Cuda);
        }
        catch
        {
            opened?.Dispose();
            throw;
        }
        using var device = Device();
        using var signals = new TerminationSignals(log);
        var checkpoint = o.Checkpoint;
        var configSource = o.ConfigPath ?? (o.Resume is null ? "the preset config" : Path.Combine(o.Resume, "checkpoint", "config.json"));
        var config = checkpoint?.Config
            ?? (o.ConfigPath is { } configPath ? ModelConfig.Load(configPath) : ModelConfig.Parse(o.Quick ? SdfPresets.QuickConfig : SdfPresets.DefaultConfig));

        log.WriteLine($"tinynn sdf on {device.Description}{(o.Quick ? " (quick preset)" : "")}");
        SdfGroundTruth truth;
        if (o.Mesh is { } meshPath)
        {
            var mesh = MeshReader.Read(meshPath);
            foreach (var warning in MeshDiagnostics.Of(mesh).Warnings(meshPath)) Warn(warning);
            truth = SdfGroundTruth.FromMesh(mesh, Path.GetFileName(meshPath));
        }
        else
        {
            truth = SdfGroundTruth.FromShape(AnalyticShapes.Default);
        }
        if (checkpoint is not null && checkpoint.Shape != truth.Name)
        {
            throw new InvalidDataException($"{o.Resume}: the checkpoint was trained on '{checkpoint.Shape}', not '{truth.Name}' (pass the same --mesh)");
        }

        // The model first: its size and the run's memory are checked before the ground truth takes its time.
        using var model = CreateModel(device, config, configSource);
        var estimate = SdfMemoryEstimate.Of(model, o.Batch, o.Pool, o.Resolution);
        if (estimate.Check(device, $"this run ({model.ParameterCount:N0} parameters, batch {o.Batch}, pool {o.Pool}, resolution {o.Resolution})") is { } close) Warn(close);
        log.WriteLine($"shape: {truth.Name} ({truth.Surface.TriangleCount} triangles in [-1, 1]³)");

        var seconds = new Dictionary<string, double>();
        var phase = Stopwatch.StartNew();
        var poolBar = new ProgressBar("ground truth", 100);
        var pool = SdfSamplePool.Create(truth, o.Pool, o.Seed, new Progress<double>(p => poolBar.Report((long)(p * 100), "%")));
        poolBar.Report(100, "%");
        poolBar.Done();
        seconds["ground_truth"] = phase.Elapsed.TotalSeconds;

        var parameters = checkpoint?.Parameters ?? model.InitialParameters(o.Seed);
        if (parameters.Length != model.ParameterCount)
        {
            throw new InvalidDataException($"{o.Resume}/checkpoint/params.npy: holds {parameters.Length} parameters but its config.json makes a model of {model.ParameterCount}");
        }
        using var optimizer = TrainingFactory.CreateOptimizer(device, config.Optimizer, model.ParameterCount, model.NetworkParameterCount);
        if (checkpoint is not null) optimizer.ImportState(checkpoint.Optimizer);
        var loss = TrainingFactory.CreateLoss(device, config.Loss, "L1");
        log.WriteLine($"model: {model.Encoding.Name} → {model.Network.GetType().Name} {model.Network.Layout.Width}×{model.Network.Layout.HiddenLayers} "
            + $"{model.Network.Activation.Name}, {model.ParameterCount:N0} parameters; loss {loss.Name} + {o.Lambda}·Eikonal; batch {o.Batch}");

        var history = checkpoint?.History.ToList() ?? [];
        using var trainer = gpus is { } count
            ? GpusOption.CreateTrainer(count, device, model, optimizer, loss, config, pool, parameters, o.Batch, o.Lambda, log)
            : new SdfTrainer(model, optimizer, loss, pool, parameters, o.Batch, o.Lambda);
        // Compiled before the clock starts, so that the training time and the samples/s are the steps' own.
        phase.Restart();
        log.WriteLine("compiling the network's kernels…");
        model.Network.PrepareKernels();
        seconds["kernels"] = phase.Elapsed.TotalSeconds;

        var checkpointFolder = Path.Combine(o.Output, "checkpoint");
        var store = SdfCheckpoint.Store(checkpointFolder, CheckpointFaultInjection.FromEnvironment());
        // What is on disk (perhaps from an earlier run), and what this run saved: the final save is skipped only when it would repeat one.
        var onDisk = store.LiveStep();
        var saved = checkpoint is not null && onDisk == checkpoint.Step ? onDisk : null;
        string Kept() => onDisk is { } step ? $"the last good checkpoint (step {step}) is kept in {checkpointFolder}" : "no checkpoint was written";
        void Save(SdfLosses losses)
        {
            if (trainer.Step > 0 && (history.Count == 0 || history[^1].Step != trainer.Step)) history.Add(new LossRecord(trainer.Step, losses.Sdf, losses.Eikonal));
            var snapshot = new SdfCheckpoint(config, trainer.ReadParameters(), optimizer.ExportState(), trainer.Step, o.Lambda, o.Batch, truth.Name, [.. history]);
            try
            {
                signals.Protect(() => snapshot.Save(store), $"the checkpoint of step {trainer.Step} is in {checkpointFolder}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onDisk = store.LiveStep();
                throw new IOException($"could not save the checkpoint of step {trainer.Step} in {checkpointFolder} ({e.Message}); {Kept()}", e);
            }
            saved = onDisk = trainer.Step;
        }

        var monitor = new DivergenceMonitor(o.Lambda);
        // Start-up as a user waits for it: from the process's start (runtime start-up included) to the first training step.
        var firstStepAfter = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var trainWatch = Stopwatch.StartNew();
        var startStep = trainer.Step;
        var logEvery = Math.Max(1, o.Steps / 100);
        var bar = new ProgressBar("training", o.Steps);
        signals.BeginTraining();
        while (trainer.Step < o.Steps && signals.Requested is null)
        {
            trainer.TrainStep();
            var checkpointDue = o.CheckpointEvery > 0 && trainer.Step % o.CheckpointEvery == 0 && trainer.Step < o.Steps;
            if (trainer.Step % logEvery != 0 && trainer.Step != o.Steps && !checkpointDue) continue;
            var losses = monitor.Check(trainer, Kept);
            if (history.Count == 0 || history[^1].Step != trainer.Step) history.Add(new LossRecord(trainer.Step, losses.Sdf, losses.Eikonal));
            var rate = (trainer.Step - startStep) * (double)trainer.SamplesPerStep / trainWatch.Elapsed.TotalSeconds;
            bar.Report(trainer.Step, $"sdf {losses.Sdf:0.00000} eik {losses.Eikonal:0.00000} {rate / 1e6:0.00} M samples/s");
            if (checkpointDue) Save(losses);
        }
        bar.Done();
        var trainSeconds = trainWatch.Elapsed.TotalSeconds;
        seconds["training"] = trainSeconds;
        // Interrupted between checked steps: check the last one too, so a diverged model is never checkpointed.
        if (trainer.Step != saved) Save(trainer.Step > startStep ? monitor.Check(trainer, Kept) : default);
        signals.EndTraining();
        if (signals.Requested is not null)
        {
            log.WriteLine($"interrupted at step {trainer.Step} by {signals.Name}: checkpoint saved to {checkpointFolder} (continue with --resume {o.Output})");
            return signals.ExitCode;
        }
        signals.NoteForExit($"training finished; the checkpoint of step {trainer.Step} is in {checkpointFolder}");

        var trained = trainer.ReadParameters();
        using var sdf = new ModelSdf(model, trained);
        var report = SdfOutputs.Write(sdf, truth, history, o.Output, o.Resolution, o.Format, o.ImageSize, o.Seed, log, seconds, Warn);
        report.Extra["shape"] = truth.Name;
        report.Extra["device"] = device.Description;
        report.Extra["steps"] = trainer.Step;
        report.Extra["batch_size"] = o.Batch;
        report.Extra["eikonal_weight"] = o.Lambda;
        report.Extra["parameters"] = model.ParameterCount;
        report.Extra["training_seconds"] = Math.Round(trainSeconds, 3);
        report.Extra["training_samples_per_second"] = Math.Round((trainer.Step - startStep) * (double)trainer.SamplesPerStep / trainSeconds);
        if (gpus is { } gpuCount) report.Extra["gpus"] = gpuCount;
        report.Extra["total_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 3);
        report.Extra["phase_seconds"] = seconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3));
        report.Save(Path.Combine(o.Output, "metrics.json"));
        log.WriteLine("time: " + string.Join(", ", seconds.Select(p => $"{p.Key.Replace('_', ' ')} {p.Value:0.0} s")) + $", total {total.Elapsed.TotalSeconds:0.0} s; "
            + $"first step {firstStepAfter:0.0} s after process start; " + (device.KernelCache?.Summary() ?? (device.IsCuda ? "kernel cache: off" : "kernel cache: not used off CUDA")));
        log.WriteLine($"trained {trainer.Step - startStep} steps in {trainSeconds:0.0} s; wrote {o.Output}/: mesh.{o.Format}, render.png, slice.png, loss.png, metrics.json, checkpoint/");
        log.WriteLine($"chamfer-L1 {report.ChamferL1:0.00000}  normal consistency {report.NormalConsistency:0.0000}  IoU {report.Iou:0.0000}  "
            + $"F-score {report.FScore:0.0000}  mean |SDF error| near surface {report.MeanAbsSdfErrorNearSurface:0.00000}  Eikonal residual {report.EikonalResidual:0.0000}");
        return 0;
    }

    /// <summary>A warning on stderr, prefixed like Program's errors so that scripts can tell them apart from progress.</summary>
    public static void Warn(string warning) => Console.Error.WriteLine($"tinynn: warning: {warning}");

    /// <summary>The model, with its size checked; a construction error names the config it came from.</summary>
    private static NetworkWithInputEncoding CreateModel(ComputeDevice device, ModelConfig config, string configSource)
    {
        NetworkWithInputEncoding model;
        try
        {
            model = ModelFactory.Create(device, config, 3, 1);
        }
        catch (ConfigException e) when (e.FileName is null)
        {
            throw e.InFile(configSource);
        }
        if (model.ParameterCount > Array.MaxLength)
        {
            model.Dispose();
            throw new UsageException($"sdf: {configSource} makes a model of {model.ParameterCount:N0} parameters; at most {Array.MaxLength:N0} fit one array "
                + "(use fewer hash grid levels, a smaller log2_hashmap_size, or a narrower network)");
        }
        return model;
    }
}
