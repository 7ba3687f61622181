using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn sdf`'s options, every one read and checked before any work: numbers within their stated ranges, input
/// files that exist and are files, an output folder that can be written, a resume that has steps left to train.
/// </summary>
internal sealed record SdfOptions
{
    /// <summary>Largest --batch: 2^24 samples a step (memory is checked against the device as well).</summary>
    public const int MaxBatch = 1 << 24;

    /// <summary>Largest --pool: 2^26 ground-truth samples.</summary>
    public const int MaxPool = 1 << 26;

    /// <summary>Largest --resolution: a 1024³ grid of float32 values is 4 GiB on the host.</summary>
    public const int MaxResolution = 1024;

    /// <summary>Largest --lambda: beyond it the Eikonal term drowns the SDF term and the field has no surface left to learn.</summary>
    public const float MaxLambda = 100f;

    /// <summary>Reads and checks everything on the command line; <paramref name="quickByDevice"/> says whether the device calls for the quick preset.</summary>
    public static SdfOptions Parse(CommandLineArguments options, Func<bool> quickByDevice)
    {
        const string c = "sdf";
        if (options.Get("resume") is not null && options.Get("config") is not null)
        {
            throw new UsageException("sdf: --resume continues with the checkpoint's own config.json; drop --config");
        }
        var mesh = OptionValues.ExistingFile(options, c, "mesh");
        var config = OptionValues.ExistingFile(options, c, "config");
        var resume = options.Get("resume");
        if (resume is not null && File.Exists(resume)) throw new UsageException($"sdf: --resume {resume} is a file; expected the output folder of a run (or its checkpoint folder)");
        if (resume is not null && !Directory.Exists(resume)) throw new UsageException($"sdf: --resume {resume}: no such folder");
        var format = (options.Get("format") ?? "obj").ToLowerInvariant() is var f && f is "obj" or "ply" ? f
            : throw new UsageException($"sdf: --format must be obj or ply (got '{options.Get("format")}')");
        var steps = options.Get("steps") is null ? (int?)null : OptionValues.Int(options, c, "steps", 0, 1);
        var batch = options.Get("batch") is null ? (int?)null : OptionValues.Int(options, c, "batch", 0, 1, MaxBatch);
        var resolution = options.Get("resolution") is null ? (int?)null : OptionValues.Int(options, c, "resolution", 0, 16, MaxResolution);
        var pool = options.Get("pool") is null ? (int?)null : OptionValues.Int(options, c, "pool", 0, 1024, MaxPool);
        var every = options.Get("checkpoint-every") is null ? (int?)null : OptionValues.Int(options, c, "checkpoint-every", 0, 0, int.MaxValue, "0: only at the end");
        var imageSize = options.Get("image-size") is null ? (int?)null
            : OptionValues.Int(options, c, "image-size", 0, SdfOutputs.MinImageSize, SdfOutputs.MaxImageSize);
        var seed = OptionValues.Int(options, c, "seed", 7, int.MinValue);
        var lambda = options.Get("lambda") is null ? (float?)null : OptionValues.Float(options, c, "lambda", 0f, 0f, MaxLambda);
        // --resume names a run's folder or its checkpoint folder; either way the outputs go beside the checkpoint.
        var resumed = resume is null ? null : CheckpointStore.ForResume(resume);
        var output = options.Get("out") ?? (resumed is null ? "sdf-out"
            : Path.GetDirectoryName(resumed.Directory) is { Length: > 0 } parent ? parent : ".");
        OptionValues.WritableFolder(c, options.Get("out") is null && resume is not null ? "resume" : "out", output);

        var checkpoint = resume is null ? null : SdfCheckpoint.LoadNewest(resume);
        var quick = options.Has("quick") || quickByDevice();
        var budget = SdfPresets.Budget(quick);
        var totalSteps = steps ?? budget.Steps;
        if (checkpoint is not null && totalSteps <= checkpoint.Step)
        {
            throw new UsageException($"sdf: the checkpoint is at step {checkpoint.Step}, so {(steps is null ? $"the default --steps {totalSteps}" : $"--steps {totalSteps}")} "
                + $"leaves nothing to train; --steps counts from the start of training: pass more than {checkpoint.Step}");
        }
        return new SdfOptions
        {
            Mesh = mesh,
            ConfigPath = config,
            Resume = resume,
            Checkpoint = checkpoint,
            Output = output,
            Format = format,
            Quick = quick,
            Steps = totalSteps,
            Batch = batch ?? checkpoint?.BatchSize ?? budget.Batch,
            Resolution = resolution ?? budget.Resolution,
            Pool = pool ?? budget.Pool,
            CheckpointEvery = every ?? (quick ? 100 : 1000),
            Seed = seed,
            Lambda = lambda ?? checkpoint?.EikonalWeight ?? 0.1f,
            ImageSize = imageSize ?? budget.Image,
        };
    }

    /// <summary>--mesh, or null for the embedded shape.</summary>
    public string? Mesh { get; init; }

    /// <summary>--config, or null for the preset (or the checkpoint's).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>--resume as given, or null.</summary>
    public string? Resume { get; init; }

    /// <summary>The newest complete checkpoint under --resume, or null.</summary>
    public SdfCheckpoint? Checkpoint { get; init; }

    /// <summary>The output folder (checked writable).</summary>
    public required string Output { get; init; }

    /// <summary>obj or ply.</summary>
    public required string Format { get; init; }

    /// <summary>Whether the quick preset's budget and config apply.</summary>
    public bool Quick { get; init; }

    /// <summary>The step to train up to, counted from the start of training.</summary>
    public int Steps { get; init; }

    /// <summary>Samples a step.</summary>
    public int Batch { get; init; }

    /// <summary>Marching-cubes grid size.</summary>
    public int Resolution { get; init; }

    /// <summary>Ground-truth samples drawn from.</summary>
    public int Pool { get; init; }

    /// <summary>Steps between periodic checkpoints; 0 for only the final one.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The seed of initialisation and sampling.</summary>
    public int Seed { get; init; }

    /// <summary>λ, the Eikonal weight.</summary>
    public float Lambda { get; init; }

    /// <summary>Side of the rendered pictures.</summary>
    public int ImageSize { get; init; }
}
