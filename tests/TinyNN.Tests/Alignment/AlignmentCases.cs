using System.Text.Json.Nodes;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// The alignment matrix. Plain MLPs (tcnn.Network: Identity input padded with 1.0): every hidden activation of
/// ReLU, Softplus, Sine, Tanh, SiLU with every network of FullyFusedMLP 16/32/64 and CutlassMLP 7/48, the other
/// dimensions rotating through the 25 pairs (output None/Sigmoid/Softplus, 1–3 hidden layers, 3 or 5 inputs, 1 or
/// 3 outputs). Encoded models: Frequency, hash grids small enough that vertices collide (4 levels, F = 2, 2⁸
/// entries; Linear, Smoothstep, Nearest), Dense and Tiled grids, OneBlob, SphericalHarmonics, TriangleWave and
/// Composite (concatenated, summed, multiplied), each with a fused or CutlassMLP network.
/// </summary>
internal static class AlignmentCases
{
    private static readonly string[] Activations = ["ReLU", "Softplus", "Sine", "Tanh", "SiLU"];
    private static readonly (string Type, int Width)[] Networks =
        [("FullyFusedMLP", 16), ("FullyFusedMLP", 32), ("FullyFusedMLP", 64), ("CutlassMLP", 7), ("CutlassMLP", 48)];
    private static readonly string[] OutputActivations = ["None", "Sigmoid", "Softplus"];

    // Level scales base·2^l − 1 of the small grids below (per_level_scale 2).
    private static readonly float[] Base4Scales = [3, 7, 15, 31];

    public static readonly AlignmentCase[] All = [.. Mlps(), .. Encoded()];

    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    public static AlignmentCase Get(string name) => All.Single(c => c.Name == name);

    private static IEnumerable<AlignmentCase> Mlps()
    {
        for (var a = 0; a < Activations.Length; a++)
        {
            for (var n = 0; n < Networks.Length; n++)
            {
                var k = a * Networks.Length + n;
                var (type, width) = Networks[n];
                var output = OutputActivations[k % 3];
                var hidden = 1 + k / 3 % 3;
                var inputs = k % 2 == 0 ? 3 : 5;
                var outputs = k / 2 % 2 == 0 ? 1 : 3;
                yield return new AlignmentCase($"{type}{width} {Activations[a]}→{output} {hidden}h {inputs}→{outputs}",
                    new JsonObject { ["network"] = Network(type, width, hidden, Activations[a], output) }, inputs, outputs, UnitInputs: false, []);
            }
        }
    }

    private static IEnumerable<AlignmentCase> Encoded()
    {
        yield return Encoded("Frequency(4) + FullyFusedMLP32 SiLU", Json("""{"otype": "Frequency", "n_frequencies": 4}"""),
            Network("FullyFusedMLP", 32, 2, "SiLU", "Sigmoid"), 3, 1, []);
        yield return Encoded("Frequency(6) + FullyFusedMLP64 Sine", Json("""{"otype": "Frequency", "n_frequencies": 6}"""),
            Network("FullyFusedMLP", 64, 1, "Sine", "None"), 2, 3, []);
        yield return Encoded("HashGrid Linear + FullyFusedMLP16 Tanh", SmallHashGrid("Linear"),
            Network("FullyFusedMLP", 16, 2, "Tanh", "None"), 3, 1, Base4Scales);
        yield return Encoded("HashGrid Smoothstep + FullyFusedMLP64 Softplus", SmallHashGrid("Smoothstep"),
            Network("FullyFusedMLP", 64, 1, "Softplus", "Softplus"), 3, 3, Base4Scales);
        yield return Encoded("HashGrid 2D Smoothstep + FullyFusedMLP32 SiLU", SmallHashGrid("Smoothstep"),
            Network("FullyFusedMLP", 32, 2, "SiLU", "None"), 2, 1, Base4Scales);
        yield return Encoded("HashGrid Nearest + FullyFusedMLP16 ReLU", SmallHashGrid("Nearest"),
            Network("FullyFusedMLP", 16, 1, "ReLU", "None"), 3, 1, Base4Scales);
        yield return Encoded("DenseGrid F4 Smoothstep + CutlassMLP48 Tanh",
            Json("""{"otype": "DenseGrid", "n_levels": 2, "n_features_per_level": 4, "base_resolution": 4, "per_level_scale": 2.0, "interpolation": "Smoothstep"}"""),
            Network("CutlassMLP", 48, 1, "Tanh", "None"), 2, 1, [3, 7]);
        yield return Encoded("TiledGrid F1 Linear + FullyFusedMLP16 Softplus",
            Json("""{"otype": "TiledGrid", "n_levels": 3, "n_features_per_level": 1, "base_resolution": 4, "per_level_scale": 2.0}"""),
            Network("FullyFusedMLP", 16, 1, "Softplus", "None"), 3, 1, [3, 7, 15]);
        yield return Encoded("OneBlob(8) + CutlassMLP32 Tanh", Json("""{"otype": "OneBlob", "n_bins": 8}"""),
            Network("CutlassMLP", 32, 2, "Tanh", "None"), 3, 1, []);
        yield return Encoded("SphericalHarmonics(4) + FullyFusedMLP16 SiLU", Json("""{"otype": "SphericalHarmonics", "degree": 4}"""),
            Network("FullyFusedMLP", 16, 2, "SiLU", "Sigmoid"), 3, 1, []);
        yield return Encoded("TriangleWave(4) + FullyFusedMLP32 Softplus", Json("""{"otype": "TriangleWave", "n_frequencies": 4}"""),
            Network("FullyFusedMLP", 32, 1, "Softplus", "None"), 2, 3, []);
        // Frequency's 4 columns keep the grid's features aligned to F = 2, so tcnn inserts no padding between them.
        yield return Encoded("Composite Frequency|HashGrid + FullyFusedMLP32 Tanh", Json("""
            {"otype": "Composite", "nested": [
                {"otype": "Frequency", "n_dims_to_encode": 1, "n_frequencies": 2},
                {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 8, "base_resolution": 4, "interpolation": "Smoothstep"}]}
            """), Network("FullyFusedMLP", 32, 1, "Tanh", "None"), 3, 1, Base4Scales);
        // One identity column before a grid with F = 2: tcnn pads the identity to 2 columns (with 1.0) so the grid starts aligned.
        yield return Encoded("Composite Identity|HashGrid (aligned) + FullyFusedMLP16 Tanh", Json("""
            {"otype": "Composite", "nested": [
                {"otype": "Identity", "n_dims_to_encode": 1},
                {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 8, "base_resolution": 4}]}
            """), Network("FullyFusedMLP", 16, 1, "Tanh", "None"), 3, 1, Base4Scales);
        yield return Encoded("Composite Sum Frequency+TriangleWave + FullyFusedMLP16 SiLU", Json("""
            {"otype": "Composite", "reduction": "Sum", "nested": [
                {"otype": "Frequency", "n_dims_to_encode": 1, "n_frequencies": 2},
                {"otype": "TriangleWave", "n_dims_to_encode": 1, "n_frequencies": 4}]}
            """), Network("FullyFusedMLP", 16, 1, "SiLU", "None"), 2, 1, []);
        yield return Encoded("Composite Product Frequency×Frequency + CutlassMLP7 Tanh", Json("""
            {"otype": "Composite", "reduction": "Product", "nested": [
                {"otype": "Frequency", "n_dims_to_encode": 1, "n_frequencies": 3},
                {"otype": "Frequency", "n_dims_to_encode": 1, "n_frequencies": 3}]}
            """), Network("CutlassMLP", 7, 2, "Tanh", "None"), 2, 1, []);
    }

    private static JsonObject SmallHashGrid(string interpolation) => Json($$"""
        {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 8, "base_resolution": 4,
         "per_level_scale": 2.0, "interpolation": "{{interpolation}}"}
        """);

    private static AlignmentCase Encoded(string name, JsonObject encoding, JsonObject network, int inputs, int outputs, float[] cellScales) =>
        new(name, new JsonObject { ["encoding"] = encoding, ["network"] = network }, inputs, outputs, UnitInputs: true, cellScales);

    private static JsonObject Network(string type, int width, int hidden, string activation, string output) => new()
    {
        ["otype"] = type,
        ["n_neurons"] = width,
        ["n_hidden_layers"] = hidden,
        ["activation"] = activation,
        ["output_activation"] = output,
    };

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
