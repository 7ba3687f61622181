using TinyNN.Activations;
using TinyNN.Cli;
using TinyNN.Devices;

const string Usage = """
    tinynn: fused MLPs and encodings with second-order derivatives, on ILGPU.

    usage: tinynn <command> [options]

    commands:
      sdf          the main job: train a neural SDF with an Eikonal loss on the embedded shape (or --mesh)
                   and write mesh, pictures, metrics.json and a checkpoint to --out DIR (default sdf-out)
                   [--mesh FILE.obj|ply --config model.json --steps N --batch N --lambda 0.1 --resolution N
                    --format obj|ply --resume DIR --quick --seed N --pool N --image-size N (pixels: 1024 on a GPU, 512 on the CPU)]
      grad         a model's output and first/second-order gradients from .npy files (PyTorch semantics):
                   --config model.json --input x.npy --dl-doutput g.npy [--params p.npy]
                   [--dl2-ddl1-dinput h.npy] --out DIR [--seed N]
      activations  evaluate every activation's generated code on the device against float64
      mlp-check    every fused MLP pass on the device against the float64 reference [--widths 16,32,64,128]
      bench        samples/s of inference, training and the Eikonal step (JSON lines) [--widths 64,128
                   --activations ReLU,Softplus,Sine --batches 16,18,20 --layers 3 --repeats 20
                   --network fused|per-sample|mlp];
                   --encoding hashgrid: the Eikonal step of sdf's default HashGrid + MLP model
      info         list devices and the activations with their derived formulas
      help         this text

    options:
      --device auto|cuda|cpu   where kernels run (auto: CUDA if present, else CPU)
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var command = args[0];
    var rest = args.Skip(1).ToArray();
    // `tinynn sdf --help` and the like: the usage, which describes every command's options (an unknown command stays
    // an error, and a later "-h" is an option's value).
    if (rest.Length > 0 && rest[0] is "--help" or "-h" && command is "sdf" or "grad" or "activations" or "mlp-check" or "bench" or "info")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    switch (command)
    {
        case "sdf":
            return SdfCommand.Run(new CommandLineArguments(command, rest, SdfCommand.Options, SdfCommand.Flags), Console.Out);
        case "activations":
        {
            var options = new CommandLineArguments(command, rest, ["device"], []);
            return ActivationsCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Console.Out);
        }
        case "grad":
            return GradCommand.Run(new CommandLineArguments(command, rest, ["config", "input", "dl-doutput", "params", "dl2-ddl1-dinput", "out", "device", "seed"], []),
                Console.Out);
        case "mlp-check":
        {
            var options = new CommandLineArguments(command, rest, ["device", "widths"], []);
            return MlpCheckCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Ints(options.Get("widths") ?? "16,32,64,128"), Console.Out);
        }
        case "bench":
        {
            var options = new CommandLineArguments(command, rest, ["device", "widths", "activations", "batches", "layers", "repeats", "encoding", "network"], []);
            if (options.Get("encoding") is { } encoding)
            {
                return encoding == "hashgrid"
                    ? BenchCommand.RunHashGrid(DeviceKinds.Parse(options.Get("device") ?? "auto"), Ints(options.Get("batches") ?? "18,20"), Ints(options.Get("repeats") ?? "20")[0], Console.Out)
                    : throw new UsageException($"bench: --encoding must be hashgrid (got '{encoding}')");
            }
            return BenchCommand.Run(DeviceKinds.Parse(options.Get("device") ?? "auto"), Ints(options.Get("widths") ?? "64,128"),
                (options.Get("activations") ?? "ReLU,Softplus,Sine").Split(','), Ints(options.Get("batches") ?? "16,18,20"),
                Ints(options.Get("layers") ?? "3")[0], Ints(options.Get("repeats") ?? "20")[0], Console.Out, options.Get("network") ?? "fused");
        }
        case "cache":
            return CacheCommand.Run(rest, Console.Out);
        case "info":
        {
            var options = new CommandLineArguments(command, rest, ["device"], []);
            using var device = ComputeDevice.Open(DeviceKinds.Parse(options.Get("device") ?? "auto"));
            Console.WriteLine($"device: {device.Description}");
            Console.WriteLine();
            foreach (var activation in ActivationRegistry.All.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"{activation.Name}");
                Console.WriteLine($"  f(x)   = {activation.ForwardFormula}");
                Console.WriteLine($"  f'(x)  = {activation.DerivativeFormula}");
                Console.WriteLine($"  f''(x) = {activation.SecondDerivativeFormula}");
            }
            return 0;
        }
        default:
            throw new UsageException($"unknown command '{command}'; accepted: sdf, grad, activations, mlp-check, bench, info, help");
    }
}
catch (Exception e) when (e is UsageException or ArgumentException or InvalidOperationException or IOException or InvalidDataException
    or NotSupportedException or TinyNN.Configs.ConfigException)
{
    Console.Error.WriteLine($"tinynn: {e.Message}");
    return 2;
}

static int[] Ints(string list) =>
    [.. list.Split(',').Select(item => int.TryParse(item, out var value) ? value : throw new UsageException($"'{item}' is not an integer (in '{list}')"))];
