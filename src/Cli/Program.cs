using TinyNN.Cli;
using TinyNN.Devices;

const string Usage = """
    tinynn: fused MLPs and encodings with second-order derivatives, on ILGPU.

    usage: tinynn <command> [options]

    commands:
      sdf          the main job: train a neural SDF with an Eikonal loss on the embedded shape (or --mesh)
                   and write mesh, pictures, metrics.json and a checkpoint to --out DIR (default sdf-out)
                   [--mesh FILE.obj|ply --config model.json --steps 1..2147483647 --batch 1..16777216
                    --lambda 0..100 (0.1) --resolution 16..1024 --format obj|ply --resume DIR --quick --seed N
                    --pool 1024..67108864 --checkpoint-every N (1000; 100 quick; 0: only at the end)
                    --image-size 128..4096 (pixels across each picture: 1024 on a GPU, 512 on the CPU)]
      grad         a model's output and first/second-order gradients from .npy files (PyTorch semantics):
                   --config model.json --input x.npy --dl-doutput g.npy [--params p.npy]
                   [--dl2-ddl1-dinput h.npy] --out DIR [--seed N]
      activations  evaluate every activation's generated code on the device against float64
      mlp-check    every fused MLP pass on the device against the float64 reference [--widths 16,32,64,128]
      bench        samples/s of inference, training and the Eikonal step (JSON lines) [--widths 64,128 (1..1024)
                   --activations ReLU,Softplus,Sine --batches 16,18,20 (log2 of the batch, 1..24) --layers 3 (1..32)
                   --repeats 20 (1..10000) --network fused|per-sample|mlp];
                   --encoding hashgrid: the Eikonal step of sdf's default HashGrid + MLP model
      scaling      data-parallel steps through NCCL on 1, 2, 4 GPUs against one GPU, and the summed-batch check
                   [--model mlp|sdf --gpus 1,2,4 --batch-log2 20 --steps 20 --check-steps 3]
      nccl-check   NCCL all-reduce across the GPUs of this host (or, with TINYNN_RANK/TINYNN_WORLD_SIZE, as one rank of
                   a multi-process run) checked exactly, then timed [--count N --gpus N]
      info         list devices and the activations with their derived formulas
      cache        info|clear: the persistent kernel cache (where, on or off, what it holds), or empty it
      help         this text

    options:
      --device auto|cuda|cpu   where kernels run (auto: CUDA if present, else CPU)
      --gpus N|all             (sdf) data-parallel on the first N GPUs through NCCL, --batch samples on each

    exit codes: 0 done; 2 bad input or an error it names; 3 training diverged; 129, 130, 143 stopped by SIGHUP,
    Ctrl-C (SIGINT), SIGTERM (while training, after saving a checkpoint)
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

// One line a command: its options (those taking a value) and switches, and what runs it.
var commands = new Dictionary<string, (string[] Options, string[] Flags, Func<CommandLineArguments, int> Run)>(StringComparer.Ordinal)
{
    ["sdf"] = ([.. SdfOptions.Names, GpusOption.Name], SdfOptions.Flags, options => SdfCommand.Run(options, Console.Out)),
    ["scaling"] = (ScalingCommand.Options, [], options => ScalingCommand.Run(options, Console.Out)),
    ["nccl-check"] = (NcclCheckCommand.Options, [], options => NcclCheckCommand.Run(options, Console.Out)),
    ["grad"] = (["config", "input", "dl-doutput", "params", "dl2-ddl1-dinput", "out", "device", "seed"], [], options => GradCommand.Run(options, Console.Out)),
    ["activations"] = (["device"], [], options => ActivationsCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Console.Out)),
    ["mlp-check"] = (["device", "widths"], [], options => MlpCheckCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"),
        OptionValues.Ints(options, "mlp-check", "widths", "16,32,64,128", 1, 1024), Console.Out)),
    ["bench"] = (["device", "widths", "activations", "batches", "layers", "repeats", "encoding", "network"], [], BenchCommand.FromOptions),
    ["info"] = (["device"], [], options => InfoCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Console.Out)),
};

try
{
    var command = args[0];
    var rest = args.Skip(1).ToArray();
    // `cache` takes a word (info|clear), not options.
    if (command == "cache") return CacheCommand.Run(rest, Console.Out);
    if (!commands.TryGetValue(command, out var entry))
    {
        throw new UsageException($"unknown command '{command}'; accepted: {string.Join(", ", commands.Keys)}, cache, help");
    }
    // `tinynn sdf --help` and the like: the usage, which describes every command's options (a later "-h" is an option's value).
    if (rest.Length > 0 && rest[0] is "--help" or "-h")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    return entry.Run(new CommandLineArguments(command, rest, entry.Options, entry.Flags));
}
catch (DivergenceException e)
{
    Console.Error.WriteLine($"tinynn: {e.Message}");
    return 3;
}
catch (Exception e) when (e is UsageException or ArgumentException or InvalidOperationException or IOException or InvalidDataException
    or NotSupportedException or UnauthorizedAccessException or TinyNN.Configs.ConfigException or OutOfMemoryException)
{
    Console.Error.WriteLine($"tinynn: {(e is OutOfMemoryException ? "out of memory: " : "")}{e.Message}");
    return 2;
}
