using System.Text.Json;
using TinyNN.Configs;

namespace TinyNN.Tests.Configs;

/// <summary>ToJson writes the fully resolved config; parsing it gives an equal config.</summary>
public sealed class ModelConfigJsonTests
{
    public static TheoryData<string> Configs => new()
    {
        """{ "network": {} }""",
        """{ "network": {}, "encoding": {}, "loss": {}, "optimizer": {} }""",
        """
        {
            "encoding": { "otype": "HashGrid", "n_levels": 16, "n_features_per_level": 2, "log2_hashmap_size": 15, "base_resolution": 16, "per_level_scale": 1.5 },
            "network": { "otype": "FullyFusedMLP", "activation": "ReLU", "output_activation": "None", "n_neurons": 64, "n_hidden_layers": 2 },
            "loss": { "otype": "RelativeL2" },
            "optimizer": { "otype": "Adam", "learning_rate": 1e-2, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-15, "l2_reg": 1e-6 }
        }
        """,
        """{ "network": { "otype": "CutlassMLP", "n_neurons": 37, "n_hidden_layers": 0, "activation": "Softplus", "output_activation": "Sine" }, "loss": { "otype": "Huber", "delta": 0.1 } }""",
        """{ "network": {}, "encoding": { "otype": "DenseGrid", "n_levels": 8, "base_resolution": 4, "interpolation": "Smoothstep", "n_features_per_level": 8 } }""",
        """{ "network": {}, "encoding": { "otype": "TiledGrid", "per_level_scale": 1.3819128799, "n_features_per_level": 1, "interpolation": "Nearest" } }""",
        """{ "network": {}, "encoding": { "otype": "Identity", "scale": 0.5, "offset": -0.25 } }""",
        """{ "network": {}, "encoding": { "otype": "SphericalHarmonics", "degree": 8 }, "loss": { "otype": "SMAPE" } }""",
        """
        {
            "network": {},
            "encoding": {
                "otype": "Composite", "reduction": "Sum",
                "nested": [
                    { "otype": "Frequency", "n_frequencies": 6, "n_dims_to_encode": 3, "dims_to_encode_begin": 0 },
                    { "otype": "Composite", "n_dims_to_encode": 3, "dims_to_encode_begin": 0, "nested": [ { "otype": "TriangleWave", "n_frequencies": 2, "n_dims_to_encode": 3 } ] },
                    { "otype": "OneBlob", "n_bins": 32, "n_dims_to_encode": 0, "dims_to_encode_begin": 3 }
                ]
            }
        }
        """,
        """
        {
            "network": {},
            "optimizer": {
                "otype": "EMA", "decay": 0.95, "full_precision": true,
                "nested": {
                    "otype": "ExponentialDecay", "decay_start": 20000, "decay_interval": 10000, "decay_base": 0.33, "decay_end": 50000,
                    "nested": { "otype": "Adam", "learning_rate": 3e-4, "adabound": true, "relative_decay": 1e-5, "absolute_decay": 1e-6,
                                "clipping_magnitude": 10, "gradient_clipping_magnitude": 1, "non_matrix_learning_rate_factor": 10,
                                "non_matrix_l2_reg": 1e-7, "optimize_matrix_params": false, "optimize_non_matrix_params": true,
                                "skip_zero_grad_non_matrix_params": false }
                }
            }
        }
        """,
        """{ "network": {}, "optimizer": { "otype": "SGD", "learning_rate": 0.1, "l2_reg": 0 } }""",
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ParsingToJsonGivesAnEqualConfig(string json)
    {
        var config = ModelConfig.Parse(json);
        var written = config.ToJson();
        var reparsed = ModelConfig.Parse(written);
        Assert.Equal(config, reparsed);
        Assert.Equal(config.GetHashCode(), reparsed.GetHashCode());
        Assert.Equal(written, reparsed.ToJson());
    }

    [Fact]
    public void ToJsonWritesEveryResolvedField()
    {
        var json = ModelConfig.Parse("""{ "network": {}, "encoding": { "otype": "DenseGrid" }, "loss": {}, "optimizer": { "otype": "EMA" } }""").ToJson();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        var network = root.GetProperty("network");
        Assert.Equal("CutlassMLP", network.GetProperty("otype").GetString());
        Assert.Equal("ReLU", network.GetProperty("activation").GetString());
        Assert.Equal("None", network.GetProperty("output_activation").GetString());
        Assert.Equal(128, network.GetProperty("n_neurons").GetInt32());
        Assert.Equal(5, network.GetProperty("n_hidden_layers").GetInt32());

        var grid = root.GetProperty("encoding");
        Assert.Equal("Grid", grid.GetProperty("otype").GetString());
        Assert.Equal("Dense", grid.GetProperty("type").GetString());
        Assert.Equal("Linear", grid.GetProperty("interpolation").GetString());
        Assert.Equal("CoherentPrime", grid.GetProperty("hash").GetString());
        // The Dense default, 16^(1/15), recorded so a checkpoint does not depend on the default's formula.
        Assert.Equal(Math.Pow(16, 1.0 / 15), grid.GetProperty("per_level_scale").GetDouble(), 1e-6);

        Assert.Equal("RelativeL2", root.GetProperty("loss").GetProperty("otype").GetString());
        var ema = root.GetProperty("optimizer");
        Assert.Equal(0.99, ema.GetProperty("decay").GetDouble(), 1e-7);
        var adam = ema.GetProperty("nested");
        Assert.Equal("Adam", adam.GetProperty("otype").GetString());
        Assert.Equal(16, adam.EnumerateObject().Count());
        Assert.Equal(1e-8, adam.GetProperty("epsilon").GetDouble(), 1e-15);
    }

    [Fact]
    public void FloatsAreWrittenAsTheShortestTextThatRoundTrips()
    {
        var json = ModelConfig.Parse("""{ "network": {}, "optimizer": { "learning_rate": 1e-2, "epsilon": 1e-15, "beta2": 0.99 } }""").ToJson();
        Assert.Contains("\"learning_rate\": 0.01,", json);
        Assert.Contains("\"beta2\": 0.99,", json);
        Assert.Contains("\"epsilon\": 1E-15,", json);
    }

    [Fact]
    public void CompositesCompareByTheirParts()
    {
        const string a = """{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Frequency", "n_dims_to_encode": 3 }, { "otype": "Identity" } ] } }""";
        const string b = """{ "network": {}, "encoding": { "otype": "Composite", "nested": [ { "otype": "Frequency", "n_dims_to_encode": 2 }, { "otype": "Identity" } ] } }""";
        const string c = """{ "network": {}, "encoding": { "otype": "Composite", "reduction": "Product", "nested": [ { "otype": "Frequency", "n_dims_to_encode": 3 }, { "otype": "Identity" } ] } }""";
        Assert.Equal(ModelConfig.Parse(a), ModelConfig.Parse(a));
        Assert.NotEqual(ModelConfig.Parse(a), ModelConfig.Parse(b));
        Assert.NotEqual(ModelConfig.Parse(a), ModelConfig.Parse(c));
        Assert.NotEqual<EncodingConfig>(new CompositeEncodingConfig([new CompositePart(new IdentityEncodingConfig())]), new IdentityEncodingConfig());
    }
}
