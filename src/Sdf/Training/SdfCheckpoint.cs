using System.Text.Json;
using System.Text.Json.Nodes;
using TinyNN.Configs;
using TinyNN.IO;
using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>One logged point of the loss curves.</summary>
public sealed record LossRecord(long Step, double Sdf, double Eikonal);

/// <summary>
/// A training checkpoint, one folder: config.json (the resolved tcnn config), params.npy, the optimizer state
/// (optimizer.json with its scalars, float arrays as .npy, per-parameter counters as little-endian .u32),
/// training.json (step, λ, batch, shape, loss history) and manifest.json (sizes and hashes, written last). Saved by
/// <see cref="CheckpointStore"/>'s protocol, so an error or a kill during a save never loses the last complete one.
/// </summary>
public sealed record SdfCheckpoint(ModelConfig Config, float[] Parameters, OptimizerState Optimizer, long Step, float EikonalWeight,
    int BatchSize, string Shape, IReadOnlyList<LossRecord> History)
{
    /// <summary>The training.json format this version writes; Load also reads <see cref="LegacyFormat"/>.</summary>
    public const string Format = "tinynn-sdf-checkpoint-2";

    /// <summary>The format of checkpoints saved before manifests (renames only, no manifest.json).</summary>
    public const string LegacyFormat = "tinynn-sdf-checkpoint-1";

    /// <summary>Writes the checkpoint to <paramref name="directory"/> (replacing one that is there) by <see cref="CheckpointStore"/>'s protocol.</summary>
    public void Save(string directory) => Save(Store(directory));

    /// <summary>Writes the checkpoint through <paramref name="store"/> (its folder and fault-injection hook).</summary>
    public void Save(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var training = new JsonObject
        {
            ["format"] = Format,
            ["step"] = Step,
            ["eikonal_weight"] = EikonalWeight,
            ["batch_size"] = BatchSize,
            ["shape"] = Shape,
            ["history"] = new JsonArray([.. History.Select(r => (JsonNode)new JsonArray(r.Step, r.Sdf, r.Eikonal))]),
        };
        var files = new List<(string Name, Action<string> Write)>
        {
            ("params.npy", path => NpyFile.Write(path, Parameters, Parameters.Length)),
            ("config.json", path => File.WriteAllText(path, Config.ToJson())),
        };
        var optimizer = WriteState(Optimizer, "optimizer", files);
        files.Add(("optimizer.json", path => File.WriteAllText(path, optimizer.ToJsonString(Indented))));
        files.Add(("training.json", path => File.WriteAllText(path, training.ToJsonString(Indented))));
        store.Save(Step, files);
    }

    /// <summary>The store of the checkpoint folder <paramref name="directory"/>, which also recognises checkpoints saved before manifests.</summary>
    public static CheckpointStore Store(string directory, Action<CheckpointSavePoint>? atPoint = null) =>
        new(directory, LegacyStep) { AtPoint = atPoint };

    /// <summary>
    /// The checkpoint <c>--resume PATH</c> means: the newest complete one in PATH/checkpoint or PATH (finishing or
    /// clearing what an interrupted save left there), read by <see cref="Load"/>.
    /// </summary>
    public static SdfCheckpoint LoadNewest(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path)) throw new InvalidDataException($"{path}: is a file; --resume takes the output folder of a run (or its checkpoint folder)");
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no checkpoint folder there");
        var store = CheckpointStore.ForResume(path, legacyStep: LegacyStep);
        // Without a complete checkpoint, Load names what is missing or damaged in the live folder.
        return Load(store.FindNewest());
    }

    /// <summary>Reads a checkpoint; anything missing, truncated or inconsistent is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static SdfCheckpoint Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no checkpoint folder there");
        string FileIn(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? path : throw new InvalidDataException($"{path}: missing (a checkpoint holds config.json, params.npy, optimizer.json, training.json)");
        }
        var config = ModelConfig.Load(FileIn("config.json"));
        var parameters = NpyFile.Read(FileIn("params.npy"), "[P]").Data;
        var trainingPath = FileIn("training.json");
        var (format, step, lambda, batch, shape, history) = Malformed(trainingPath, () => ReadTraining(trainingPath));
        if (format == Format && step > 0 && history[^1].Step != step)
        {
            throw new InvalidDataException($"{trainingPath}: the history ends at step {history[^1].Step}, not at the checkpoint's step {step}");
        }
        var optimizerPath = FileIn("optimizer.json");
        var state = Malformed(optimizerPath, () => ReadState(JsonNode.Parse(File.ReadAllText(optimizerPath)) as JsonObject
            ?? throw new InvalidDataException("not a JSON object"), directory));
        if (state.StepCount != step)
        {
            throw new InvalidDataException($"{optimizerPath}: step_count {state.StepCount} differs from training.json's step {step}");
        }
        return new SdfCheckpoint(config, parameters, state, step, lambda, batch, shape, history);
    }

    /// <summary>The step of a folder saved in <see cref="LegacyFormat"/> (its training.json, the last file that save wrote, parses); else null.</summary>
    public static long? LegacyStep(string folder)
    {
        try
        {
            var training = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "training.json")));
            return (string?)training?["format"] == LegacyFormat && training["step"] is { } step ? (long)step : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static (string Format, long Step, float Lambda, int Batch, string Shape, List<LossRecord> History) ReadTraining(string path)
    {
        var training = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
        var format = (string?)training["format"];
        if (format is not (Format or LegacyFormat)) throw new InvalidDataException($"format is '{format}'; accepted: {Format}, {LegacyFormat}");
        var step = (long?)training["step"] ?? throw new InvalidDataException("step is missing");
        if (step < 0) throw new InvalidDataException($"step must be ≥ 0 (got {step})");
        var lambda = (float?)training["eikonal_weight"] ?? throw new InvalidDataException("eikonal_weight is missing");
        if (!float.IsFinite(lambda) || lambda < 0) throw new InvalidDataException($"eikonal_weight must be a finite number ≥ 0 (got {lambda})");
        var batch = (int?)training["batch_size"] ?? throw new InvalidDataException("batch_size is missing");
        if (batch < 1) throw new InvalidDataException($"batch_size must be ≥ 1 (got {batch})");
        var history = (training["history"] as JsonArray ?? throw new InvalidDataException("history is missing"))
            .Select(e => e is JsonArray { Count: 3 } r ? new LossRecord((long)r[0]!, (double)r[1]!, (double)r[2]!) : throw new InvalidDataException("a history entry is not [step, sdf, eikonal]"))
            .ToList();
        for (var i = 0; i < history.Count; i++)
        {
            var previous = i == 0 ? 0 : history[i - 1].Step;
            if (history[i].Step <= previous || history[i].Step > step)
            {
                throw new InvalidDataException($"history[{i}] is at step {history[i].Step}; expected steps that increase from 1 up to the checkpoint's step {step}");
            }
        }
        if (step > 0 && history.Count == 0) throw new InvalidDataException($"history is empty but step is {step}");
        return (format, step, lambda, batch, (string?)training["shape"] ?? "", history);
    }

    /// <summary>Runs a read of <paramref name="path"/>, turning a malformed value into an <see cref="InvalidDataException"/> that names the file.</summary>
    private static T Malformed<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException or OverflowException)
        {
            throw new InvalidDataException($"{path}: malformed ({e.Message})", e);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(Path.GetDirectoryName(path)!, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The optimizer state's JSON; its arrays and counters join <paramref name="files"/> as files of their own.</summary>
    private static JsonObject WriteState(OptimizerState state, string prefix, List<(string Name, Action<string> Write)> files)
    {
        var arrays = new JsonObject();
        foreach (var (name, values) in state.Arrays)
        {
            var file = $"{prefix}.{name}.npy";
            files.Add((file, path => NpyFile.Write(path, values, values.Length)));
            arrays[name] = file;
        }
        var counters = new JsonObject();
        foreach (var (name, values) in state.Counters)
        {
            var file = $"{prefix}.{name}.u32";
            files.Add((file, path =>
            {
                var bytes = new byte[4L * values.Length];
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                File.WriteAllBytes(path, bytes);
            }));
            counters[name] = new JsonObject { ["file"] = file, ["count"] = values.Length };
        }
        return new JsonObject
        {
            ["optimizer"] = state.Optimizer,
            ["step_count"] = state.StepCount,
            ["scalars"] = new JsonObject([.. state.Scalars.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["arrays"] = arrays,
            ["counters"] = counters,
            ["nested"] = state.Nested is null ? null : WriteState(state.Nested, prefix + ".nested", files),
        };
    }

    private static OptimizerState ReadState(JsonObject json, string directory)
    {
        var scalars = (json["scalars"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (float)p.Value!);
        var arrays = (json["arrays"] as JsonObject ?? []).ToDictionary(p => p.Key, p => NpyFile.Read(Path.Combine(directory, (string)p.Value!), "[N]").Data);
        var counters = (json["counters"] as JsonObject ?? []).ToDictionary(p => p.Key, p =>
        {
            var path = Path.Combine(directory, (string)p.Value!["file"]!);
            var count = (int)p.Value!["count"]!;
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new InvalidDataException($"{path}: missing");
            if (bytes.Length != 4L * count) throw new InvalidDataException($"{path}: expected {4L * count} bytes ({count} counters), found {bytes.Length}");
            var values = new uint[count];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        });
        var nested = json["nested"] is JsonObject n ? ReadState(n, directory) : null;
        return new OptimizerState((string)json["optimizer"]!, (long)json["step_count"]!, scalars, arrays, counters, nested);
    }
}
