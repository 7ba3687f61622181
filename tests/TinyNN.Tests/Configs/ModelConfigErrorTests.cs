using TinyNN.Configs;

namespace TinyNN.Tests.Configs;

/// <summary>Every kind of config error, with the exact message: the JSON path, the value found, what is accepted.</summary>
public sealed class ModelConfigErrorTests
{
    private const string Encodings = "Identity, Frequency, OneBlob, SphericalHarmonics, TriangleWave, Grid, HashGrid, DenseGrid, TiledGrid, Composite";

    private static ConfigException Fails(string json) => Assert.Throws<ConfigException>(() => ModelConfig.Parse(json));

    [Theory]
    // Wrong JSON types.
    [InlineData("""{ "network": { "n_neurons": "64" } }""", "network.n_neurons: expected an integer ≥ 1, got \"64\"")]
    [InlineData("""{ "network": { "n_hidden_layers": 1.5 } }""", "network.n_hidden_layers: expected an integer ≥ 0, got 1.5")]
    [InlineData("""{ "network": { "n_neurons": 1e12 } }""", "network.n_neurons: expected an integer ≥ 1, got 1e12")]
    [InlineData("""{ "network": { "otype": 5 } }""", "network.otype: expected a network name (a string), got 5")]
    [InlineData("""{ "network": { "activation": null } }""", "network.activation: expected an activation name (a string), got null")]
    [InlineData("""{ "network": {}, "optimizer": { "learning_rate": "1e-3" } }""", "optimizer.learning_rate: expected a finite number ≥ 0, got \"1e-3\"")]
    [InlineData("""{ "network": {}, "optimizer": { "learning_rate": 1e39 } }""", "optimizer.learning_rate: expected a finite number ≥ 0, got 1e39")]
    [InlineData("""{ "network": {}, "optimizer": { "adabound": "yes" } }""", "optimizer.adabound: expected true or false, got \"yes\"")]
    [InlineData("""{ "network": {}, "loss": 5 }""", "loss: expected an object, got 5")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": {} } }""", "encoding.nested: expected an array of objects, got {}")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ 3 ] } }""", "encoding.nested[0]: expected an object, got 3")]
    [InlineData("""[ { "network": {} } ]""", "expected an object, got [ { \"network\": {} } ]")]
    // Unknown otypes and names.
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGird" } }""", "encoding.otype: unknown encoding \"HashGird\"; accepted: " + Encodings)]
    [InlineData("""{ "network": {}, "encoding": { "otype": "NRC" } }""", "encoding.otype: tiny-cuda-nn's encoding \"NRC\" is not implemented in TinyNN; accepted: " + Encodings)]
    [InlineData("""{ "network": { "otype": "ResNet" } }""", "network.otype: unknown network \"ResNet\"; accepted: FullyFusedMLP, CutlassMLP, MLP, MegakernelMLP")]
    [InlineData("""{ "network": {}, "loss": { "otype": "crossentropy" } }""", "loss.otype: tiny-cuda-nn's loss \"CrossEntropy\" is not implemented in TinyNN; accepted: L1, L2, RelativeL1, RelativeL2, MAPE, SMAPE, Huber")]
    [InlineData("""{ "network": {}, "optimizer": { "otype": "Novograd" } }""", "optimizer.otype: tiny-cuda-nn's optimizer \"Novograd\" is not implemented in TinyNN; accepted: Adam, SGD, ExponentialDecay, EMA")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Grid", "type": "Sparse" } }""", "encoding.type: unknown grid type \"Sparse\"; accepted: Hash, Dense, Tiled, Tile")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Grid", "interpolation": "Cubic" } }""", "encoding.interpolation: unknown interpolation \"Cubic\"; accepted: Nearest, Linear, Smoothstep")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Grid", "hash": "Prime" } }""", "encoding.hash: tiny-cuda-nn's hash \"Prime\" is not implemented in TinyNN; accepted: CoherentPrime")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "reduction": "Max", "nested": [ {} ] } }""", "encoding.reduction: unknown reduction \"Max\"; accepted: Concatenation, Sum, Product")]
    // Unknown fields, at every level.
    [InlineData("""{ "netwrok": {} }""", "netwrok: unknown field; accepted: encoding, network, loss, optimizer")]
    [InlineData("""{ "network": { "n_neuron": 64 } }""", "network.n_neuron: unknown field; accepted: otype, activation, output_activation, n_neurons, n_hidden_layers")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Frequency", "n_dims_to_encode": 3 } }""", "encoding.n_dims_to_encode: unknown field; accepted: otype, n_frequencies")]
    [InlineData("""{ "network": {}, "loss": { "otype": "L2", "delta": 0.5 } }""", "loss.delta: unknown field; accepted: otype")]
    [InlineData("""{ "network": {}, "optimizer": { "otype": "EMA", "nested": { "otype": "SGD", "beta1": 0.9 } } }""", "optimizer.nested.beta1: unknown field; accepted: otype, learning_rate, l2_reg")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "OneBlob", "bins": 4 } ] } }""", "encoding.nested[0].bins: unknown field; accepted: n_dims_to_encode, dims_to_encode_begin, otype, n_bins")]
    // Values out of range.
    [InlineData("""{ "network": { "otype": "FullyFusedMLP", "n_neurons": 48 } }""", "network.n_neurons: FullyFusedMLP supports 16, 32, 64 or 128 neurons, got 48; use CutlassMLP for other widths")]
    [InlineData("""{ "network": { "otype": "FullyFusedMLP", "n_neurons": 64, "n_hidden_layers": 0 } }""", "network.n_hidden_layers: FullyFusedMLP needs at least 1 hidden layer, got 0; use CutlassMLP for a single matrix")]
    [InlineData("""{ "network": { "n_neurons": 0 } }""", "network.n_neurons: expected an integer ≥ 1, got 0")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "SphericalHarmonics", "degree": 9 } }""", "encoding.degree: expected an integer in 1..8, got 9")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "OneBlob", "n_bins": 12 } }""", "encoding.n_bins: expected a power of two ≥ 1, got 12")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "n_features_per_level": 3 } }""", "encoding.n_features_per_level: expected 1, 2, 4 or 8, got 3")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "n_levels": 129 } }""", "encoding.n_levels: expected an integer in 1..128, got 129")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "log2_hashmap_size": 32 } }""", "encoding.log2_hashmap_size: expected an integer in 1..31, got 32")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "per_level_scale": 0 } }""", "encoding.per_level_scale: expected a finite number > 0, got 0")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "stochastic_interpolation": true } }""", "encoding.stochastic_interpolation: true is not implemented in TinyNN; accepted: false")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "fixed_point_pos": true } }""", "encoding.fixed_point_pos: true is not implemented in TinyNN; accepted: false")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "n_features": 32, "n_levels": 16 } }""", "encoding.n_levels: give either n_levels or n_features (one determines the other), not both")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "HashGrid", "n_features": 31 } }""", "encoding.n_features: expected a multiple of n_features_per_level (2), got 31")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Identity", "scale": -1e300 } }""", "encoding.scale: expected a finite number, got -1e300")]
    [InlineData("""{ "network": {}, "loss": { "otype": "Huber", "delta": 0 } }""", "loss.delta: expected a finite number > 0, got 0")]
    [InlineData("""{ "network": {}, "optimizer": { "otype": "ExponentialDecay", "decay_interval": 0 } }""", "optimizer.decay_interval: expected an integer ≥ 1, got 0")]
    [InlineData("""{ "network": {}, "optimizer": { "otype": "EMA", "nested": { "otype": "ExponentialDecay", "nested": { "beta1": 1 } } } }""", "optimizer.nested.nested.beta1: expected a number in [0, 1), got 1")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity" }, { "otype": "OneBlob", "n_bins": 3 } ] } }""", "encoding.nested[1].n_bins: expected a power of two ≥ 1, got 3")]
    // Composite structure.
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite" } }""", "encoding.nested: missing: a Composite encoding needs an array of nested encodings")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [] } }""", "encoding.nested: expected at least one nested encoding, got []")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity" }, { "otype": "Frequency" } ] } }""", "encoding.nested[1].n_dims_to_encode: missing: only one nested encoding may leave it out, and nested[0] already does")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity", "n_dims_to_encode": 1, "dims_to_encode_begin": 2 }, { "otype": "Frequency" } ] } }""", "encoding.nested[1].n_dims_to_encode: missing: required of every nested encoding once one (nested[0]) gives dims_to_encode_begin")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity", "dims_to_encode_begin": 2 } ] } }""", "encoding.nested[0].dims_to_encode_begin: needs n_dims_to_encode beside it")]
    [InlineData("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity", "n_dims_to_encode": -1 } ] } }""", "encoding.nested[0].n_dims_to_encode: expected an integer ≥ 0, got -1")]
    // Structure of the document.
    [InlineData("""{ "encoding": {} }""", "network: missing: a model config needs a \"network\" object")]
    [InlineData("""{ "network": { "n_neurons": 64, "n_neurons": 32 } }""", "network.n_neurons: the field appears twice")]
    public void ReportsThePathTheValueAndWhatIsAccepted(string json, string message)
    {
        Assert.Equal(message, Fails(json).Message);
    }

    [Fact]
    public void ExposesThePathAndProblemSeparately()
    {
        var e = Fails("""{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Identity" }, { "otype": "OneBlob", "n_bins": 3 } ] } }""");
        Assert.Equal("encoding.nested[1].n_bins", e.Path);
        Assert.Equal("expected a power of two ≥ 1, got 3", e.Problem);
        Assert.Null(e.FileName);
    }

    [Fact]
    public void MalformedJsonGivesTheLineAndPosition()
    {
        var e = Fails("{\n  \"network\": {\n    \"otype\": MLP\n  }\n}");
        Assert.StartsWith("malformed JSON at line 3, position 14: ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
        Assert.StartsWith("malformed JSON at line 1, position 1: ", Fails("").Message);
    }

    [Fact]
    public void FileErrorsNameTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tinynn-config-{Guid.NewGuid():N}.json");
        Assert.Equal($"{path}: file not found", Assert.Throws<FileNotFoundException>(() => ModelConfig.Load(path)).Message);
        File.WriteAllText(path, """{ "network": { "n_neurons": -4 } }""");
        try
        {
            var e = Assert.Throws<ConfigException>(() => ModelConfig.Load(path));
            Assert.Equal($"{path}: network.n_neurons: expected an integer ≥ 1, got -4", e.Message);
            Assert.Equal(path, e.FileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RecordsValidateWhenBuiltInCode()
    {
        Assert.Equal("n_neurons", Assert.Throws<ConfigException>(() => new NetworkConfig(NetworkType.FullyFusedMlp, nNeurons: 100)).Path);
        Assert.Equal("activation", Assert.Throws<ConfigException>(() => new NetworkConfig(activation: " ")).Path);
        Assert.Equal("otype", Assert.Throws<ConfigException>(() => new NetworkConfig((NetworkType)7)).Path);
        Assert.Equal("degree", Assert.Throws<ConfigException>(() => new SphericalHarmonicsEncodingConfig(0)).Path);
        Assert.Equal("beta2", Assert.Throws<ConfigException>(() => new AdamOptimizerConfig(beta2: float.NaN)).Path);
        Assert.Equal("delta", Assert.Throws<ConfigException>(() => new LossConfig(LossKind.L1, 2f)).Path);
        Assert.Equal("decay", Assert.Throws<ConfigException>(() => new EmaOptimizerConfig(new SgdOptimizerConfig(), decay: 1f)).Path);
        Assert.Throws<ArgumentNullException>(() => new ModelConfig(null!));
        Assert.Throws<ArgumentNullException>(() => new ExponentialDecayOptimizerConfig(null!));
        Assert.Equal("nested[0]", Assert.Throws<ConfigException>(() => new CompositeEncodingConfig([null!])).Path);
    }
}
