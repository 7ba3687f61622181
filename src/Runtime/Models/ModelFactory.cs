using TinyNN.Activations;
using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Models;

/// <summary>
/// Builds a model from a tcnn JSON config the way tcnn does: the encoding (Identity when the config has none, as
/// tcnn.Network), its output padded to a multiple of 16 for the MLP, then FullyFusedMlp or Mlp.
/// </summary>
public static class ModelFactory
{
    /// <summary>The MLP input alignment tcnn uses inside NetworkWithInputEncoding (lcm with the encodings' own, all dividing 16).</summary>
    public const int NetworkInputAlignment = 16;

    /// <summary>The model for <paramref name="inputWidth"/> inputs and <paramref name="outputWidth"/> outputs.</summary>
    /// <exception cref="ConfigException">The config asks for something TinyNN cannot build at these widths.</exception>
    public static NetworkWithInputEncoding Create(ComputeDevice device, ModelConfig config, int inputWidth, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(config);
        if (inputWidth < 1) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"input width must be ≥ 1 (got {inputWidth})");
        if (outputWidth < 1) throw new ArgumentOutOfRangeException(nameof(outputWidth), $"output width must be ≥ 1 (got {outputWidth})");
        var encoding = CreateEncoding(device, config.Encoding ?? new IdentityEncodingConfig(), inputWidth, NetworkInputAlignment, "encoding");
        return new NetworkWithInputEncoding(encoding, CreateNetwork(device, config.Network, encoding.PaddedOutputWidth, outputWidth));
    }

    /// <summary>The MLP a "network" config describes, for <paramref name="inputWidth"/> (padded) inputs.</summary>
    public static MlpNetwork CreateNetwork(ComputeDevice device, NetworkConfig config, int inputWidth, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.NHiddenLayers < 1)
        {
            throw new ConfigException("network.n_hidden_layers", $"TinyNN's MLPs need at least one hidden layer (got {config.NHiddenLayers})");
        }
        var layout = new MlpLayout(inputWidth, config.NNeurons, config.NHiddenLayers, outputWidth);
        var activation = Activation(config.Activation, "network.activation");
        var output = Activation(config.OutputActivation, "network.output_activation");
        return config.Type == NetworkType.FullyFusedMlp
            ? new FullyFusedMlp(device, layout, activation, output)
            : new Mlp(device, layout, activation, output);
    }

    private static ActivationInfo Activation(string name, string path)
    {
        try
        {
            return ActivationRegistry.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(path, e.Message);
        }
    }

    /// <summary>The encoding an "encoding" config describes over <paramref name="inputWidth"/> inputs.</summary>
    /// <exception cref="ConfigException">The encoding's constructor refuses the values (e.g. a grid whose levels overflow); the message names the JSON path.</exception>
    public static Encoding CreateEncoding(ComputeDevice device, EncodingConfig config, int inputWidth, int alignment, string path = "encoding")
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return CreateEncodingUnchecked(device, config, inputWidth, alignment, path);
        }
        catch (ArgumentException e) when (config is not CompositeEncodingConfig)
        {
            // The constructors name their C# parameter; a config user knows the JSON field.
            var field = e.ParamName is { } name && JsonFields.TryGetValue(name, out var json) ? json : "";
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new ConfigException(field.Length == 0 ? path : $"{path}.{field}", message);
        }
    }

    /// <summary>The JSON fields of the encoding constructors' parameters.</summary>
    private static readonly Dictionary<string, string> JsonFields = new(StringComparer.Ordinal)
    {
        ["levels"] = "n_levels",
        ["featuresPerLevel"] = "n_features_per_level",
        ["log2HashmapSize"] = "log2_hashmap_size",
        ["baseResolution"] = "base_resolution",
        ["perLevelScale"] = "per_level_scale",
        ["interpolation"] = "interpolation",
        ["frequencies"] = "n_frequencies",
        ["bins"] = "n_bins",
        ["degree"] = "degree",
        ["scale"] = "scale",
        ["offset"] = "offset",
    };

    private static Encoding CreateEncodingUnchecked(ComputeDevice device, EncodingConfig config, int inputWidth, int alignment, string path)
    {
        return config switch
        {
            IdentityEncodingConfig c => new IdentityEncoding(device, inputWidth, c.Scale, c.Offset, alignment),
            FrequencyEncodingConfig c => new FrequencyEncoding(device, inputWidth, c.NFrequencies, alignment),
            OneBlobEncodingConfig c => new OneBlobEncoding(device, inputWidth, c.NBins, alignment),
            SphericalHarmonicsEncodingConfig c => inputWidth == 3
                ? new SphericalHarmonicsEncoding(device, inputWidth, c.Degree, alignment)
                : throw new ConfigException(path + ".otype", $"SphericalHarmonics encodes 3 input dimensions (a direction); this model has {inputWidth}"),
            TriangleWaveEncodingConfig c => new TriangleWaveEncoding(device, inputWidth, c.NFrequencies, alignment),
            GridEncodingConfig c => inputWidth is >= 2 and <= 4
                ? new GridEncoding(device, inputWidth, c.Type, c.NLevels, c.NFeaturesPerLevel, c.Log2HashmapSize, c.BaseResolution, c.PerLevelScale,
                    c.Interpolation, alignment)
                : throw new ConfigException(path + ".otype", $"grid encodings take 2, 3 or 4 input dimensions; this model has {inputWidth}"),
            CompositeEncodingConfig c => CreateComposite(device, c, inputWidth, alignment, path),
            _ => throw new ConfigException(path + ".otype", $"{config.GetType().Name} is not supported by TinyNN's encodings"),
        };
    }

    private static Encoding CreateComposite(ComputeDevice device, CompositeEncodingConfig config, int inputWidth, int alignment, string path)
    {
        var nested = new List<Encoding>();
        var next = 0;
        var openEnded = config.Nested.Count(p => p.NDimsToEncode is null);
        for (var i = 0; i < config.Nested.Count; i++)
        {
            var part = config.Nested[i];
            var partPath = $"{path}.nested[{i}]";
            if (part.DimsToEncodeBegin is { } begin && begin != next)
            {
                throw new ConfigException(partPath + ".dims_to_encode_begin", $"TinyNN's Composite encodes consecutive ranges: expected {next}, got {begin}");
            }
            var others = config.Nested.Where(p => p.NDimsToEncode is not null).Sum(p => p.NDimsToEncode!.Value);
            var width = part.NDimsToEncode ?? inputWidth - others;
            if (width < 1 || next + width > inputWidth || openEnded > 1)
            {
                throw new ConfigException(partPath + ".n_dims_to_encode",
                    $"the nested encodings must cover at most the model's {inputWidth} input dimensions (this one would encode {width} from dimension {next})");
            }
            // tcnn pads a nested encoding (with its own padding value) so that the next one starts at a multiple of
            // that one's required alignment; an Encoding pads its width w to a multiple of k, and k = the padded
            // width itself gives exactly that width.
            var done = nested.Sum(e => e.PaddedOutputWidth);
            var probe = CreateEncoding(device, part.Encoding, width, 1, partPath);
            var following = i + 1 < config.Nested.Count ? RequiredAlignment(config.Nested[i + 1].Encoding) : 1;
            var padded = (done + probe.OutputWidth + following - 1) / following * following - done;
            if (padded != probe.OutputWidth)
            {
                probe.Dispose();
                probe = CreateEncoding(device, part.Encoding, width, padded, partPath);
            }
            nested.Add(probe);
            next += width;
        }
        return new CompositeEncoding(device, inputWidth, nested, config.Reduction, alignment);
    }

    /// <summary>The alignment tcnn requires of an encoding's output start: a grid's features per level, else 1.</summary>
    private static int RequiredAlignment(EncodingConfig config) => config is GridEncodingConfig grid ? grid.NFeaturesPerLevel : 1;
}
