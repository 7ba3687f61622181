using System.Text.Json;
using TinyNN.IO;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// Runs the whole matrix once per test class: for each case it writes the config and seeded float32 inputs, runs
/// `tinynn grad --device cpu --seed 1` (no --params: tinynn initialises them and writes params.npy), then runs the
/// PyTorch oracle on the same files and tinynn's params.npy, all cases in one Python process (importing torch
/// dominates a run). Work starts at the first test that asks, so a skipped class costs nothing.
/// </summary>
public sealed class AlignmentFixture : IDisposable
{
    public const int Samples = 32;

    private readonly string root = Path.Combine(Path.GetTempPath(), "tinynn-alignment-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Outcome> outcome;

    public AlignmentFixture() => outcome = new Lazy<Outcome>(RunAll);

    /// <summary>Why the comparison cannot run (no usable Python with torch), or null.</summary>
    public string? Problem => outcome.Value.Problem;

    /// <summary>The oracle process that handled every case (its stderr names the folder of any failed case).</summary>
    public ProcessRun? Oracle => outcome.Value.Oracle;

    /// <summary>tinynn's run for <paramref name="name"/>.</summary>
    public ProcessRun TinyNN(string name) => outcome.Value.TinyNN[name];

    public string TinyNNFolder(string name) => Path.Combine(CaseFolder(name), "tinynn");

    public string TorchFolder(string name) => Path.Combine(CaseFolder(name), "torch");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private string CaseFolder(string name) => Path.Combine(root, $"case{Array.FindIndex(AlignmentCases.All, c => c.Name == name):D2}");

    private Outcome RunAll()
    {
        if (AlignmentTools.PythonProblem() is { } problem) return new Outcome(problem, null, []);
        var runs = new Dictionary<string, ProcessRun>();
        var jobs = new List<string[]>();
        for (var i = 0; i < AlignmentCases.All.Length; i++)
        {
            var c = AlignmentCases.All[i];
            var folder = CaseFolder(c.Name);
            Directory.CreateDirectory(folder);
            var random = new Random(1000 + i);
            var files = new
            {
                Config = Path.Combine(folder, "model.json"),
                X = Path.Combine(folder, "x.npy"),
                G = Path.Combine(folder, "g.npy"),
                H = Path.Combine(folder, "h.npy"),
            };
            File.WriteAllText(files.Config, c.Config.ToJsonString());
            NpyFile.Write(files.X, c.DrawInputs(random, Samples), Samples, c.InputWidth);
            NpyFile.Write(files.G, Uniform(random, Samples * c.OutputWidth), Samples, c.OutputWidth);
            NpyFile.Write(files.H, Uniform(random, Samples * c.InputWidth), Samples, c.InputWidth);
            string[] common = ["--config", files.Config, "--input", files.X, "--dl-doutput", files.G, "--dl2-ddl1-dinput", files.H];
            runs[c.Name] = AlignmentTools.RunTinyNN(["grad", .. common, "--out", TinyNNFolder(c.Name), "--device", "cpu", "--seed", "1"]);
            if (runs[c.Name].ExitCode == 0)
            {
                jobs.Add([.. common, "--params", Path.Combine(TinyNNFolder(c.Name), "params.npy"), "--out", TorchFolder(c.Name)]);
            }
        }
        var jobFile = Path.Combine(root, "jobs.json");
        File.WriteAllText(jobFile, JsonSerializer.Serialize(jobs));
        var oracle = ProcessRun.Start(AlignmentTools.Python, [AlignmentTools.OracleScript, "--batch", jobFile]);
        return new Outcome(null, oracle, runs);
    }

    private static float[] Uniform(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => 2 * random.NextSingle() - 1)];

    private sealed record Outcome(string? Problem, ProcessRun? Oracle, Dictionary<string, ProcessRun> TinyNN);
}
