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
/// (optimizer.json with its scalars, float arrays as .npy, per-parameter counters as little-endian .u32) and
/// training.json (step, λ, batch, shape, loss history). Saved into a temporary folder that then replaces the old
/// checkpoint by renames, so an interrupted save never leaves a half-written checkpoint behind.
/// </summary>
public sealed record SdfCheckpoint(ModelConfig Config, float[] Parameters, OptimizerState Optimizer, long Step, float EikonalWeight,
    int BatchSize, string Shape, IReadOnlyList<LossRecord> History)
{
    /// <summary>Writes the checkpoint to <paramref name="directory"/> (replacing one that is there).</summary>
    public void Save(string directory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(directory)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            File.WriteAllText(Path.Combine(temporary, "config.json"), Config.ToJson());
            NpyFile.Write(Path.Combine(temporary, "params.npy"), Parameters, Parameters.Length);
            File.WriteAllText(Path.Combine(temporary, "optimizer.json"), WriteState(Optimizer, temporary, "optimizer").ToJsonString(Indented));
            var training = new JsonObject
            {
                ["format"] = "tinynn-sdf-checkpoint-1",
                ["step"] = Step,
                ["eikonal_weight"] = EikonalWeight,
                ["batch_size"] = BatchSize,
                ["shape"] = Shape,
                ["history"] = new JsonArray([.. History.Select(r => (JsonNode)new JsonArray(r.Step, r.Sdf, r.Eikonal))]),
            };
            File.WriteAllText(Path.Combine(temporary, "training.json"), training.ToJsonString(Indented));
            var old = Directory.Exists(directory) ? Path.Combine(parent, $".{Path.GetFileName(directory)}.old-{Guid.NewGuid():N}") : null;
            if (old is not null) Directory.Move(directory, old);
            Directory.Move(temporary, directory);
            if (old is not null) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
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
        try
        {
            var training = JsonNode.Parse(File.ReadAllText(trainingPath)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
            if ((string?)training["format"] != "tinynn-sdf-checkpoint-1") throw new InvalidDataException("format is not tinynn-sdf-checkpoint-1");
            var history = (training["history"] as JsonArray ?? throw new InvalidDataException("history is missing"))
                .Select(e => e is JsonArray { Count: 3 } r ? new LossRecord((long)r[0]!, (double)r[1]!, (double)r[2]!) : throw new InvalidDataException("a history entry is not [step, sdf, eikonal]"))
                .ToList();
            var optimizerPath = FileIn("optimizer.json");
            var state = ReadState(JsonNode.Parse(File.ReadAllText(optimizerPath)) as JsonObject ?? throw new InvalidDataException($"{optimizerPath}: not a JSON object"), directory);
            return new SdfCheckpoint(config, parameters, state, (long)training["step"]!, (float)training["eikonal_weight"]!, (int)training["batch_size"]!,
                (string?)training["shape"] ?? "", history);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InvalidDataException($"{trainingPath} or optimizer.json: malformed ({e.Message})", e);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(directory, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{trainingPath}: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject WriteState(OptimizerState state, string directory, string prefix)
    {
        var arrays = new JsonObject();
        foreach (var (name, values) in state.Arrays)
        {
            var file = $"{prefix}.{name}.npy";
            NpyFile.Write(Path.Combine(directory, file), values, values.Length);
            arrays[name] = file;
        }
        var counters = new JsonObject();
        foreach (var (name, values) in state.Counters)
        {
            var file = $"{prefix}.{name}.u32";
            var bytes = new byte[4 * values.Length];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(Path.Combine(directory, file), bytes);
            counters[name] = new JsonObject { ["file"] = file, ["count"] = values.Length };
        }
        return new JsonObject
        {
            ["optimizer"] = state.Optimizer,
            ["step_count"] = state.StepCount,
            ["scalars"] = new JsonObject([.. state.Scalars.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["arrays"] = arrays,
            ["counters"] = counters,
            ["nested"] = state.Nested is null ? null : WriteState(state.Nested, directory, prefix + ".nested"),
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
