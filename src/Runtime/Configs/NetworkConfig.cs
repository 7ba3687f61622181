using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// The "network" section of a tcnn config [tcnn src/network.cu: create_network]: an MLP without biases.
/// Defaults are tcnn's: otype "MLP" (CutlassMLP), ReLU, output None, 128 neurons, 5 hidden layers.
/// </summary>
public sealed record NetworkConfig
{
    private static readonly ChoiceField<NetworkType> OtypeField = new("otype", "network",
        [("FullyFusedMLP", NetworkType.FullyFusedMlp), ("CutlassMLP", NetworkType.CutlassMlp), ("MLP", NetworkType.CutlassMlp), ("MegakernelMLP", NetworkType.FullyFusedMlp)]);

    private static readonly IntField NNeuronsField = IntField.AtLeast("n_neurons", 1);
    private static readonly IntField NHiddenLayersField = IntField.AtLeast("n_hidden_layers", 0);
    private const string ActivationExpected = "an activation name (a string)";

    /// <summary>A network; throws <see cref="ConfigException"/> for values tcnn rejects.</summary>
    public NetworkConfig(
        NetworkType type = NetworkType.CutlassMlp,
        string activation = "ReLU",
        string outputActivation = "None",
        int nNeurons = 128,
        int nHiddenLayers = 5)
    {
        if (!Enum.IsDefined(type)) throw new ConfigException("otype", $"unknown network type {(int)type}");
        Type = type;
        Activation = CheckActivation("activation", activation);
        OutputActivation = CheckActivation("output_activation", outputActivation);
        NNeurons = NNeuronsField.Check(nNeurons);
        NHiddenLayers = NHiddenLayersField.Check(nHiddenLayers);
        if (type == NetworkType.FullyFusedMlp)
        {
            if (!Networks.Generated.FusedVectorTable.Declares(nNeurons))
            {
                throw new ConfigException("n_neurons",
                    $"FullyFusedMLP supports {Networks.Generated.FusedVectorTable.Description} neurons, got {nNeurons}; use CutlassMLP for other widths");
            }
            if (nHiddenLayers < 1)
            {
                throw new ConfigException("n_hidden_layers", "FullyFusedMLP needs at least 1 hidden layer, got 0; use CutlassMLP for a single matrix");
            }
        }
    }

    /// <summary>Which MLP implementation.</summary>
    public NetworkType Type { get; }

    /// <summary>The hidden layers' activation ("activation").</summary>
    public string Activation { get; }

    /// <summary>The output layer's activation ("output_activation").</summary>
    public string OutputActivation { get; }

    /// <summary>Neurons in each hidden layer ("n_neurons").</summary>
    public int NNeurons { get; }

    /// <summary>Hidden layers ("n_hidden_layers"); the network has this many + 1 weight matrices.</summary>
    public int NHiddenLayers { get; }

    internal static NetworkConfig Parse(ConfigObject json, ConfigParseOptions options)
    {
        var type = json.Choice(OtypeField, NetworkType.CutlassMlp);
        var known = options.ResolveActivations();
        var activation = ResolveActivation(json, "activation", "ReLU", known);
        var outputActivation = ResolveActivation(json, "output_activation", "None", known);
        var nNeurons = json.Int(NNeuronsField, 128);
        var nHiddenLayers = json.Int(NHiddenLayersField, 5);
        json.RejectUnknown();
        return json.Build(() => new NetworkConfig(type, activation, outputActivation, nNeurons, nHiddenLayers));
    }

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("otype", OtypeField.NameOf(Type));
        writer.WriteString("activation", Activation);
        writer.WriteString("output_activation", OutputActivation);
        writer.WriteNumber("n_neurons", NNeurons);
        writer.WriteNumber("n_hidden_layers", NHiddenLayers);
        writer.WriteEndObject();
    }

    private static string ResolveActivation(ConfigObject json, string field, string fallback, IReadOnlyCollection<string> known)
    {
        var name = json.String(field, ActivationExpected, fallback);
        return known.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            ?? throw json.Error(field, $"unknown activation \"{name}\"; accepted: {string.Join(", ", known)}");
    }

    private static string CheckActivation(string field, string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ConfigException(field, $"expected {ActivationExpected}, got \"{name}\"") : name;
}
