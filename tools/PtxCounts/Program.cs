using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using TinyNN.Activations;
using TinyNN.Devices;
using TinyNN.Networks;

// Compiles the MLP kernels to SM 9.0 PTX without a GPU (PtxCompiler) and prints, per kernel, the counts that show a
// change in the device code's shape: loads and stores by state space, mma, fma, barriers, local memory and calls.
// Usage: dotnet run -c Release --project tools/PtxCounts [-- --dump DIR]   (DIR receives each kernel's .ptx for diffing)
//        dotnet run -c Release --project tools/PtxCounts -- --time N        (IL → PTX seconds a kernel, one context, then
//                                                                            the same kernels over N contexts at once)
var dump = args.Length == 2 && args[0] == "--dump" ? args[1] : null;
var timeContexts = args.Length == 2 && args[0] == "--time" && int.TryParse(args[1], out var n) && n >= 1 ? n : 0;
if (args.Length != 0 && dump is null && timeContexts == 0)
{
    Console.Error.WriteLine($"usage: PtxCounts [--dump DIR | --time CONTEXTS] (got: {string.Join(' ', args)})");
    return 2;
}
if (dump is not null) Directory.CreateDirectory(dump);

// Explicitly grouped kernels (shared memory, Group/Grid indices) and implicitly grouped ones (an Index1D first).
var grouped = new (string Name, Delegate Kernel)[]
{
    ("tiled Forward <Softplus, None, TC>", TiledMlpKernels.Forward<Softplus, None, WithTensorCores>),
    ("tiled Backward <Softplus, None, TC>", TiledMlpKernels.Backward<Softplus, None, WithTensorCores>),
    ("tiled TangentSweep <Softplus, None, TC>", TiledMlpKernels.TangentSweep<Softplus, None, WithTensorCores>),
    ("tiled SecondAdjointSweep <Softplus, None, TC>", TiledMlpKernels.SecondAdjointSweep<Softplus, None, WithTensorCores>),
    ("tiled Forward <Softplus, None, SIMT>", TiledMlpKernels.Forward<Softplus, None, WithoutTensorCores>),
    ("tiled Backward <Softplus, None, SIMT>", TiledMlpKernels.Backward<Softplus, None, WithoutTensorCores>),
    ("tiled TangentSweep <Softplus, None, SIMT>", TiledMlpKernels.TangentSweep<Softplus, None, WithoutTensorCores>),
    ("tiled SecondAdjointSweep <Softplus, None, SIMT>", TiledMlpKernels.SecondAdjointSweep<Softplus, None, WithoutTensorCores>),
    ("shared Forward <Vector64, Softplus, None>", SharedWeightKernels.Run<ForwardPass<Vector64, Softplus, None>>),
    ("shared Backward <Vector32, Softplus, None>", SharedWeightKernels.Run<BackwardPass<Vector32, Softplus, None>>),
    ("shared TangentSweep <Vector32, Softplus, None>", SharedWeightKernels.Run<TangentSweepPass<Vector32, Softplus, None>>),
    ("shared SecondAdjointSweep <Vector32, Softplus, None>", SharedWeightKernels.Run<SecondAdjointSweepPass<Vector32, Softplus, None>>),
    ("outer product Partials <TC>", TiledOuterProductKernel.Partials<WithTensorCores>),
    ("fused second-order Step <Softplus, None, L1>", TinyNN.Networks.SecondOrder.FusedStepKernel.Step<Softplus, None, TinyNN.Losses.L1Loss.Element>),
};
var implicitlyGrouped = new (string Name, Delegate Kernel)[]
{
    ("layer Activate <Softplus>", MlpLayerKernels.Activate<Softplus>),
    ("layer DerivativeTimes <Softplus>", MlpLayerKernels.DerivativeTimes<Softplus>),
    ("layer SecondOrder <Softplus>", MlpLayerKernels.SecondOrder<Softplus>),
    ("layer OutputSecondOrder <Softplus>", MlpLayerKernels.OutputSecondOrder<Softplus>),
};

if (timeContexts > 0) return CompileTimes.Run(grouped.Select(k => (k.Name, k.Kernel, true)).Concat(implicitlyGrouped.Select(k => (k.Name, k.Kernel, false))).ToArray(), timeContexts);

string[] columns = ["lines", "ld.global", "ld.shared", "st.global", "st.shared", "mma", "fma", "mul.f32", "add.f32", "bar", "prefetch",
    ".local decl", "ld/st.local", "call"];
Console.WriteLine($"| kernel | {string.Join(" | ", columns)} |");
Console.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" ---: |", columns.Length))}");
using var compiler = new PtxCompiler();
foreach (var (name, kernel, explicitly) in grouped.Select(k => (k.Name, k.Kernel, true)).Concat(implicitlyGrouped.Select(k => (k.Name, k.Kernel, false))))
{
    var ptx = explicitly ? compiler.CompileExplicitlyGrouped(kernel.Method) : compiler.Compile(kernel.Method);
    if (dump is not null) File.WriteAllText(Path.Combine(dump, Regex.Replace(name, "[^A-Za-z0-9]+", "_").Trim('_') + ".ptx"), Normalized(ptx));
    var instructions = ptx.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal)).ToArray();
    int Starting(string prefix) => instructions.Count(line => line.StartsWith(prefix, StringComparison.Ordinal));
    // Local memory: declarations (ILGPU declares a 4-byte depot per inline-PTX output, which ptxas removes) and the loads
    // and stores that would use it (a spilled array or an address-taken struct).
    var declared = Starting(".local");
    var used = Starting("ld.local") + Starting("st.local");
    var calls = instructions.Count(line => Regex.IsMatch(line, @"^call\b"));
    int[] counts =
    [
        instructions.Length, Starting("ld.global"), Starting("ld.shared"), Starting("st.global"), Starting("st.shared"),
        instructions.Count(line => line.Contains("mma.sync", StringComparison.Ordinal)), Starting("fma."),
        Starting("mul.f32") + Starting("mul.ftz.f32"), Starting("add.f32") + Starting("add.ftz.f32"), Starting("bar."),
        instructions.Count(line => line.Contains("prefetch", StringComparison.Ordinal)), declared, used, calls,
    ];
    Console.WriteLine($"| {name} | {string.Join(" | ", counts)} |");
}
return 0;

// Parameter names and labels carry ILGPU's per-compilation ids (_index_2534300, L_25324771): parameters lose theirs and
// labels are numbered in order of appearance, so that two dumps differ only where the code does.
static string Normalized(string ptx)
{
    var labels = new Dictionary<string, string>();
    var named = Regex.Replace(ptx, @"(_[A-Za-z]\w*?)_\d+\b", "$1");
    return Regex.Replace(named, @"\bL_\d+\b", m => labels.TryGetValue(m.Value, out var label) ? label : labels[m.Value] = $"L{labels.Count}");
}
