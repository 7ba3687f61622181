using ILGPU.Runtime;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.IO;
using TinyNN.Models;
using TinyNN.Networks;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn grad`: one model's output and first- and second-order gradients from .npy files, for interop and for
/// alignment with PyTorch autograd. L₁ = Σ output ⊙ g and L₂ = Σ (dL₁/dx) ⊙ h, as autograd with create_graph=True.
/// Everything is read and validated, then computed, then written (each file to a temporary name and renamed), so
/// a bad input leaves the output folder untouched.
/// </summary>
internal static class GradCommand
{
    public const string Usage = "tinynn grad --config model.json --input x.npy --dl-doutput g.npy [--params p.npy] "
        + "[--dl2-ddl1-dinput h.npy] --out DIR [--device auto|cpu|cuda] [--seed N]";

    public static int Run(CommandLineArguments options, TextWriter output)
    {
        string Required(string name) => options.Get(name) is null ? throw new UsageException($"grad: --{name} is required; usage: {Usage}")
            : name == "out" ? options.Get(name)! : OptionValues.ExistingFile(options, "grad", name)!;
        var outputDirectory = Required("out");
        OptionValues.PlannedFolder("grad", "out", outputDirectory);
        var configPath = Required("config");
        foreach (var optional in new[] { "params", "dl2-ddl1-dinput" }) OptionValues.ExistingFile(options, "grad", optional);
        var seed = options.Get("seed") is { } seedText
            ? int.TryParse(seedText, out var parsed) ? parsed : throw new UsageException($"grad: --seed must be an integer (got '{seedText}')")
            : 1337;

        var config = ModelConfig.Load(configPath);
        var x = NpyFile.Read(Required("input"), "[N, D]");
        var batch = x.Shape[0];
        if (batch < 1) throw new InvalidDataException($"{options.Get("input")}: expected at least one sample (shape [N, D] with N ≥ 1), got {x.ShapeText}");
        var g = NpyFile.Read(Required("dl-doutput"), $"[{batch}, M]");
        var h = options.Get("dl2-ddl1-dinput") is { } hPath ? NpyFile.Read(hPath, $"[{batch}, {x.Shape[1]}]") : null;

        using var device = ComputeDevice.Open(DeviceKinds.Parse(options.Get("device") ?? "auto"));
        NetworkWithInputEncoding model;
        try
        {
            model = ModelFactory.Create(device, config, x.Shape[1], g.Shape[1]);
        }
        catch (ConfigException e) when (e.FileName is null)
        {
            throw e.InFile(configPath);
        }
        using var disposeModel = model;
        CheckSize(device, model, batch, configPath);
        var parameters = options.Get("params") is { } pPath ? NpyFile.Read(pPath, $"[{model.ParameterCount}]").Data : model.InitialParameters(seed);

        var a = device.Accelerator;
        using var context = model.CreateContext(batch);
        using var p = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x.Data);
        using var outputGradient = a.Allocate1D(g.Data);
        using var y = a.Allocate1D<float>((long)batch * model.OutputWidth);
        using var dx = a.Allocate1D<float>((long)batch * model.InputWidth);
        using var dp = a.Allocate1D<float>(model.ParameterCount);
        model.Forward(context, p.View, input.View, y.View, batch);
        model.Backward(context, p.View, input.View, outputGradient.View, dx.View, dp.View, GradientMode.Overwrite);
        a.Synchronize();
        var results = new List<(string Name, float[] Data, int[] Shape)>
        {
            ("params.npy", parameters, [(int)model.ParameterCount]),
            ("output.npy", y.GetAsArray1D(), [batch, model.OutputWidth]),
            ("dl_dinput.npy", dx.GetAsArray1D(), [batch, model.InputWidth]),
            ("dl_dparams.npy", dp.GetAsArray1D(), [(int)model.ParameterCount]),
        };
        if (h is not null)
        {
            using var direction = a.Allocate1D(h.Data);
            using var d2b = a.Allocate1D<float>((long)batch * model.OutputWidth);
            using var d2x = a.Allocate1D<float>((long)batch * model.InputWidth);
            using var d2p = a.Allocate1D<float>(model.ParameterCount);
            model.BackwardBackwardInput(context, p.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2p.View, GradientMode.Overwrite);
            a.Synchronize();
            results.Add(("dl2_ddl1_doutput.npy", d2b.GetAsArray1D(), [batch, model.OutputWidth]));
            results.Add(("dl2_dinput.npy", d2x.GetAsArray1D(), [batch, model.InputWidth]));
            results.Add(("dl2_dparams.npy", d2p.GetAsArray1D(), [(int)model.ParameterCount]));
        }

        Directory.CreateDirectory(outputDirectory);
        foreach (var (name, data, shape) in results) NpyFile.Write(Path.Combine(outputDirectory, name), data, shape);
        output.WriteLine($"{device.Description}; model: {model.Encoding.Name} → {(model.Network is FullyFusedMlp ? "FullyFusedMlp" : "Mlp")} "
            + $"{model.Network.Layout.Width}×{model.Network.Layout.HiddenLayers} ({model.ParameterCount} parameters); {batch} samples; "
            + $"wrote {string.Join(", ", results.Select(r => r.Name))} to {outputDirectory}");
        return 0;
    }

    /// <summary>
    /// Refuses a model whose parameters do not fit one array or whose passes cannot fit the device's memory (parameters,
    /// two gradients, two directions and a batch of layer vectors); says what is happening when a model is large.
    /// </summary>
    private static void CheckSize(ComputeDevice device, NetworkWithInputEncoding model, int batch, string configPath)
    {
        if (model.ParameterCount > Array.MaxLength)
        {
            throw new UsageException($"grad: {configPath} makes a model of {model.ParameterCount:N0} parameters; at most {Array.MaxLength:N0} fit one array");
        }
        var layout = model.Network.Layout;
        var bytes = 4 * (6 * model.ParameterCount + 10L * batch * layout.Width * (layout.HiddenLayers + 1) + 6L * batch * model.Encoding.PaddedOutputWidth);
        var limit = device.Mode == ExecutionMode.Cuda ? device.Accelerator.MemorySize : SdfMemoryEstimate.HostMemoryBytes();
        if (bytes > limit)
        {
            throw new UsageException($"grad: {model.ParameterCount:N0} parameters at batch {batch} need about {bytes / (double)(1L << 30):0.##} GiB, more than the "
                + $"{limit / (double)(1L << 30):0.##} GiB of memory there; use a smaller model or fewer samples");
        }
        if (model.ParameterCount > 100_000_000)
        {
            Console.Error.WriteLine($"grad: {model.ParameterCount:N0} parameters (about {bytes / (double)(1L << 30):0.#} GiB): initialising, computing and writing them takes a while…");
        }
    }
}
