using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// A tcnn model config: the JSON object with "encoding", "network", "loss" and "optimizer" that tcnn's examples
/// and PyTorch bindings take, parsed strictly (unknown otypes, fields and top-level keys are errors) with
/// tcnn's defaults filled in. <see cref="ToJson"/> writes it back fully resolved, so a checkpoint records exactly
/// what ran. JSON comments and trailing commas are allowed (tcnn's documentation writes its examples that way).
/// </summary>
public sealed record ModelConfig
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>A config; the sections other than the network are optional.</summary>
    public ModelConfig(NetworkConfig network, EncodingConfig? encoding = null, LossConfig? loss = null, OptimizerConfig? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Encoding = encoding;
        Loss = loss;
        Optimizer = optimizer;
    }

    /// <summary>The input encoding ("encoding"); null when the config has none.</summary>
    public EncodingConfig? Encoding { get; }

    /// <summary>The MLP ("network").</summary>
    public NetworkConfig Network { get; }

    /// <summary>The loss ("loss"); null when the config has none.</summary>
    public LossConfig? Loss { get; }

    /// <summary>The optimizer ("optimizer"); null when the config has none.</summary>
    public OptimizerConfig? Optimizer { get; }

    /// <summary>Parses a config from JSON text.</summary>
    /// <exception cref="ConfigException">The JSON is malformed or the config invalid; the message says where.</exception>
    public static ModelConfig Parse(string json, ConfigParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(json, options ?? new ConfigParseOptions(), fileName: null);
    }

    /// <summary>Reads and parses a config file; messages start with <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ConfigException">The JSON is malformed or the config invalid.</exception>
    public static ModelConfig Load(string path, ConfigParseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: file not found", path, e);
        }
        return Parse(text, options ?? new ConfigParseOptions(), path);
    }

    /// <summary>The fully resolved config as indented JSON (every field with its value, defaults included).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            if (Encoding is not null)
            {
                writer.WritePropertyName("encoding");
                Encoding.Write(writer);
            }
            writer.WritePropertyName("network");
            Network.Write(writer);
            if (Loss is not null)
            {
                writer.WritePropertyName("loss");
                Loss.Write(writer);
            }
            if (Optimizer is not null)
            {
                writer.WritePropertyName("optimizer");
                Optimizer.Write(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ModelConfig Parse(string text, ConfigParseOptions options, string? fileName)
    {
        try
        {
            using var document = ParseDocument(text);
            var root = ConfigObject.From(document.RootElement, "");
            var encodingJson = root.Object("encoding");
            var networkJson = root.Object("network");
            var lossJson = root.Object("loss");
            var optimizerJson = root.Object("optimizer");
            // Top-level typos first: "netwrok" is better reported as unknown than as a missing network.
            root.RejectUnknown();
            if (networkJson is null) throw root.Error("network", "missing: a model config needs a \"network\" object");
            var encoding = encodingJson is null ? null : EncodingConfig.ParseAny(encodingJson);
            var network = NetworkConfig.Parse(networkJson, options);
            var loss = lossJson is null ? null : LossConfig.Parse(lossJson);
            var optimizer = optimizerJson is null ? null : OptimizerConfig.ParseAny(optimizerJson);
            return new ModelConfig(network, encoding, loss, optimizer);
        }
        catch (ConfigException e) when (fileName is not null)
        {
            throw e.InFile(fileName);
        }
    }

    private static JsonDocument ParseDocument(string text)
    {
        try
        {
            return JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            // System.Text.Json appends " LineNumber: 2 | BytePositionInLine: 4." (0-based); say it once, 1-based.
            var reason = e.Message;
            var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (suffix >= 0) reason = reason[..suffix];
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            throw new ConfigException("", $"malformed JSON at line {line}, position {position}: {reason}");
        }
    }
}
