using System.CommandLine;
using TinyNN.Devices;

namespace TinyNN.Cli;

/// <summary>
/// The `tinynn` command tree on System.CommandLine: it owns parsing, `--help`, typo suggestions and tab completion
/// (the `[suggest]` directive that dotnet-suggest calls). Every option takes its value as text and every description
/// states its default and accepted range; the values are handed to the runners as a <see cref="CommandLineArguments"/>,
/// so OptionValues and SdfOptions keep checking them with their precise messages.
/// </summary>
internal static class CliCommands
{
    /// <summary>One option: its name without the dashes, its help text (default and range), its completions if it has a fixed set.</summary>
    private sealed record Spec(string Name, string Description, string[]? Completions = null, string? HelpName = null);

    private static readonly string[] DeviceValues = ["auto", "cuda", "cpu"];
    private static Spec Device => new("device", "where kernels run: auto (CUDA if present, else the CPU), cuda or cpu [default: auto]", DeviceValues);

    public const string Description = """
        tinynn: fused MLPs and encodings with second-order derivatives, on ILGPU.

        exit codes: 0 done; 2 bad input or an error it names; 3 training diverged; 129, 130, 143 stopped by SIGHUP,
        Ctrl-C (SIGINT), SIGTERM (while training, after saving a checkpoint)
        """;

    /// <summary>The root command with every subcommand, each of whose actions runs it through <see cref="CommandLineArguments"/>.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        root.Add(Make("sdf",
            "the main job: train a neural SDF with an Eikonal loss on the embedded shape (or --mesh) and write mesh, pictures, metrics.json and a checkpoint to --out DIR",
            [
                new("mesh", "the shape to learn, a triangle mesh (.obj or .ply) [default: the embedded shape]", HelpName: "FILE"),
                new("config", "the model (tiny-cuda-nn JSON) [default: the preset, or the checkpoint's with --resume]", HelpName: "FILE"),
                new("out", "the output folder [default: sdf-out; with --resume, the run's folder]", HelpName: "DIR"),
                new("steps", "the step to train up to, counted from the start of training: 1..2147483647 [default: the preset's]", HelpName: "N"),
                new("batch", $"samples a step: 1..{SdfOptions.MaxBatch} [default: the preset's, or the checkpoint's]", HelpName: "N"),
                new("lambda", $"the Eikonal weight λ: 0..{SdfOptions.MaxLambda:0} [default: 0.1, or the checkpoint's]", HelpName: "X"),
                new("resolution", $"the marching-cubes grid size: 16..{SdfOptions.MaxResolution} [default: the preset's]", HelpName: "N"),
                new("format", "the mesh format: obj or ply [default: obj]", ["obj", "ply"]),
                new("resume", "continue a run from its output folder (or its checkpoint folder)", HelpName: "DIR"),
                Device,
                new("seed", "the seed of initialisation and sampling: any integer [default: 7]", HelpName: "N"),
                new("pool", $"ground-truth samples drawn from: 1024..{SdfOptions.MaxPool} [default: the preset's]", HelpName: "N"),
                new("checkpoint-every", "steps between checkpoints: 0..2147483647 (0: only at the end) [default: 1000; 100 with --quick]", HelpName: "N"),
                new("image-size", $"pixels across each picture: {SdfOutputs.MinImageSize}..{SdfOutputs.MaxImageSize} [default: 1024 on a GPU, 512 on the CPU]", HelpName: "N"),
                new(GpusOption.Name, "data-parallel on the first N GPUs through NCCL, --batch samples on each: a count ≥ 1 or all [default: one device]", HelpName: "N|all"),
            ],
            [new("quick", "the quick preset: fewer steps, a smaller model and grid (the default on the CPU)")],
            options => SdfCommand.Run(options, Console.Out)));
        root.Add(Make("grad",
            "a model's output and first/second-order gradients from .npy files (PyTorch semantics)",
            [
                new("config", "the model (tiny-cuda-nn JSON) [required]", HelpName: "FILE"),
                new("input", "the inputs x, shape [N, D] [required]", HelpName: "FILE.npy"),
                new("dl-doutput", "dL₁/doutput, shape [N, outputs] [required]", HelpName: "FILE.npy"),
                new("params", "the parameters [default: initialised from --seed]", HelpName: "FILE.npy"),
                new("dl2-ddl1-dinput", "the direction h of the second-order pass, shape [N, D] [default: none, no second-order outputs]", HelpName: "FILE.npy"),
                new("out", "the output folder [required]", HelpName: "DIR"),
                Device,
                new("seed", "the seed of the initial parameters: any integer [default: 1337]", HelpName: "N"),
            ],
            [],
            options => GradCommand.Run(options, Console.Out)));
        root.Add(Make("activations", "evaluate every activation's generated code on the device against float64",
            [Device], [], options => ActivationsCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Console.Out)));
        root.Add(Make("mlp-check", "every fused MLP pass on the device against the float64 reference",
            [Device, new("widths", "comma-separated network widths, each 1..1024 [default: 16,32,64,128]", HelpName: "LIST")], [],
            options => MlpCheckCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"),
                OptionValues.Ints(options, "mlp-check", "widths", "16,32,64,128", 1, 1024), Console.Out)));
        root.Add(Make("bench", "samples/s of inference, training and the Eikonal step (JSON lines)",
            [
                Device,
                new("widths", "comma-separated network widths, each 1..1024 [default: 64,128]", HelpName: "LIST"),
                new("activations", "comma-separated activations [default: ReLU,Softplus,Sine]", HelpName: "LIST"),
                new("batches", $"comma-separated log2 batch sizes, each 1..{BenchCommand.MaxBatchLog2} [default: 16,18,20; 18,20 with --encoding]", HelpName: "LIST"),
                new("layers", "hidden layers: 1..32 [default: 3]", HelpName: "N"),
                new("repeats", "timed repeats of each measurement: 1..10000 [default: 20]", HelpName: "N"),
                new("encoding", "hashgrid: time the Eikonal step of sdf's default HashGrid + MLP model instead [default: none]", ["hashgrid"]),
                new("network", "fused, per-sample or mlp [default: fused]", ["fused", "per-sample", "mlp"]),
                new("steps", $"comma-separated steps to time, of {string.Join(", ", BenchCommand.Steps)} [default: all; eikonal-fused where the network has it]", HelpName: "LIST"),
            ],
            [], BenchCommand.FromOptions));
        root.Add(Make("scaling", "data-parallel steps through NCCL on 1, 2, 4 GPUs against one GPU, and the summed-batch check",
            [
                new("model", "mlp (FullyFusedMlp 64×3 Softplus) or sdf (tinynn sdf's HashGrid + MLP) [default: mlp]", ["mlp", "sdf"]),
                new("gpus", "comma-separated GPU counts, each ≥ 1 [default: 1,2,4]", HelpName: "LIST"),
                new("batch-log2", "log2 of the batch on each GPU: 1..26 [default: 20]", HelpName: "N"),
                new("steps", "timed steps: 1..100000 [default: 20]", HelpName: "N"),
                new("check-steps", "steps of the summed-batch check: 1..1000 [default: 3]", HelpName: "N"),
            ],
            [], options => ScalingCommand.Run(options, Console.Out)));
        root.Add(Make("nccl-check",
            "NCCL all-reduce across the GPUs of this host (or, with TINYNN_RANK/TINYNN_WORLD_SIZE, as one rank of a multi-process run) checked exactly, then timed",
            [
                new("count", "floats in the all-reduce: ≥ 1 [default: 4194304]", HelpName: "N"),
                new("gpus", "GPUs to use: 1..the GPUs present [default: all of them]", HelpName: "N"),
            ],
            [], options => NcclCheckCommand.Run(options, Console.Out)));
        root.Add(Make("info", "list devices and the activations with their derived formulas",
            [Device], [], options => InfoCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Console.Out)));

        // `tinynn cache info|clear`; a bare `tinynn cache` says what it expects.
        var cache = new Command("cache", "the persistent kernel cache: info (where, on or off, what it holds) or clear (empty it)");
        foreach (var (word, description) in new[] { ("info", "where the kernel cache is, whether it is on, what it holds"), ("clear", "empty the kernel cache") })
        {
            var sub = new Command(word, description);
            sub.SetAction(_ => CacheCommand.Run([word], Console.Out));
            cache.Add(sub);
        }
        // Any other word lands here, so that CacheCommand names it and what is accepted, as it always did.
        var other = new Argument<string[]>("word") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        cache.Add(other);
        cache.SetAction(result => CacheCommand.Run(result.GetValue(other) ?? [], Console.Out));
        root.Add(cache);
        return root;
    }

    private static Command Make(string name, string description, Spec[] options, Spec[] flags, Func<CommandLineArguments, int> run)
    {
        var command = new Command(name, description);
        var valued = new List<Option<string>>();
        foreach (var spec in options)
        {
            var option = new Option<string>("--" + spec.Name)
            {
                Description = spec.Description,
                HelpName = spec.HelpName,
                // Given twice, the last value counts (as before System.CommandLine): one value per occurrence, the last one kept.
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = false,
                CustomParser = result => result.Tokens[^1].Value,
            };
            if (spec.Completions is { } values)
            {
                option.HelpName ??= string.Join('|', values);
                option.CompletionSources.Add(values);
            }
            valued.Add(option);
            command.Add(option);
        }
        var switches = new List<Option<bool>>();
        foreach (var spec in flags)
        {
            var flag = new Option<bool>("--" + spec.Name) { Description = spec.Description };
            switches.Add(flag);
            command.Add(flag);
        }
        command.SetAction(parseResult =>
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var option in valued)
            {
                if (parseResult.GetResult(option) is { Implicit: false }) values[option.Name[2..]] = parseResult.GetValue(option);
            }
            foreach (var flag in switches)
            {
                if (parseResult.GetResult(flag) is { Implicit: false } && parseResult.GetValue(flag)) values[flag.Name[2..]] = null;
            }
            return run(new CommandLineArguments(values));
        });
        return command;
    }
}
