using TinyNN.Configs;

using TinyNN.Encodings;

namespace TinyNN.Tests.Configs;

/// <summary>tcnn's own example configs and documented defaults [NVlabs/tiny-cuda-nn: data/*.json, DOCUMENTATION.md, src/*.cu].</summary>
public sealed class ModelConfigParseTests
{
    // tiny-cuda-nn's data/config_hash.json, verbatim.
    private const string TcnnConfigHash = """
        {
        	"loss": {
        		"otype": "RelativeL2"
        	},
        	"optimizer": {
        		"otype": "Adam",
        		"learning_rate": 1e-2,
        		"beta1": 0.9,
        		"beta2": 0.99,
        		"epsilon": 1e-15,
        		"l2_reg": 1e-6
        	},
        	"encoding": {
        		"otype": "HashGrid",
        		"n_levels": 16,
        		"n_features_per_level": 2,
        		"log2_hashmap_size": 15,
        		"base_resolution": 16,
        		"per_level_scale": 1.5,
        		"fixed_point_pos": false
        	},
        	"network": {
        		"otype": "FullyFusedMLP",
        		"activation": "ReLU",
        		"output_activation": "None",
        		"n_neurons": 64,
        		"n_hidden_layers": 2
        	}
        }
        """;

    [Fact]
    public void ParsesTcnnsHashGridExample()
    {
        var config = ModelConfig.Parse(TcnnConfigHash);

        var grid = Assert.IsType<GridEncodingConfig>(config.Encoding);
        Assert.Equal(GridType.Hash, grid.Type);
        Assert.Equal(16, grid.NLevels);
        Assert.Equal(2, grid.NFeaturesPerLevel);
        Assert.Equal(32, grid.NFeatures);
        Assert.Equal(15, grid.Log2HashmapSize);
        Assert.Equal(16, grid.BaseResolution);
        Assert.Equal(1.5f, grid.PerLevelScale);
        Assert.Equal(GridInterpolation.Linear, grid.Interpolation);

        Assert.Equal(NetworkType.FullyFusedMlp, config.Network.Type);
        Assert.Equal("ReLU", config.Network.Activation);
        Assert.Equal("None", config.Network.OutputActivation);
        Assert.Equal(64, config.Network.NNeurons);
        Assert.Equal(2, config.Network.NHiddenLayers);

        Assert.Equal(LossKind.RelativeL2, config.Loss!.Kind);

        var adam = Assert.IsType<AdamOptimizerConfig>(config.Optimizer);
        Assert.Equal(1e-2f, adam.LearningRate);
        Assert.Equal(0.9f, adam.Beta1);
        Assert.Equal(0.99f, adam.Beta2);
        Assert.Equal(1e-15f, adam.Epsilon);
        Assert.Equal(1e-6f, adam.L2Reg);
        Assert.Equal(new AdamOptimizerConfig(1e-2f, 0.9f, 0.99f, 1e-15f, 1e-6f), adam);
    }

    [Fact]
    public void ParsesTcnnsOneBlobExample()
    {
        // tiny-cuda-nn's data/config.json.
        var config = ModelConfig.Parse("""
            {
            	"loss": { "otype": "RelativeL2" },
            	"optimizer": { "otype": "Adam", "learning_rate": 1e-2, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-8, "l2_reg": 1e-8 },
            	"encoding": { "otype": "OneBlob", "n_bins": 64 },
            	"network": { "otype": "FullyFusedMLP", "activation": "ReLU", "output_activation": "None", "n_neurons": 128, "n_hidden_layers": 5 }
            }
            """);
        Assert.Equal(new OneBlobEncodingConfig(64), config.Encoding);
        Assert.Equal(new NetworkConfig(NetworkType.FullyFusedMlp, "ReLU", "None", 128, 5), config.Network);
    }

    [Fact]
    public void ParsesTheDocumentedCompositeWithCommentsAndTrailingCommas()
    {
        // DOCUMENTATION.md's Neural Radiance Caching composite, comments and all.
        var config = ModelConfig.Parse("""
            {
                "encoding": {
                    "otype": "Composite",
                    "nested": [
                        {
                            "n_dims_to_encode": 3, // Spatial dims
                            "otype": "TriangleWave",
                            "n_frequencies": 12
                        },
                        {
                            "n_dims_to_encode": 5, // Non-linear appearance dims.
                            "otype": "OneBlob",
                            "n_bins": 4
                        },
                        {
                            // Number of remaining linear dims is automatically derived
                            "otype": "Identity"
                        },
                    ]
                },
                "network": { "otype": "CutlassMLP", "n_neurons": 48, "n_hidden_layers": 0 },
            }
            """);
        var composite = Assert.IsType<CompositeEncodingConfig>(config.Encoding);
        Assert.Equal(CompositeReduction.Concatenation, composite.Reduction);
        Assert.Equal(
            [new CompositePart(new TriangleWaveEncodingConfig(12), 3), new CompositePart(new OneBlobEncodingConfig(4), 5), new CompositePart(new IdentityEncodingConfig())],
            composite.Nested);
        Assert.Equal(NetworkType.CutlassMlp, config.Network.Type);
        Assert.Equal(0, config.Network.NHiddenLayers);
        Assert.Null(config.Loss);
        Assert.Null(config.Optimizer);
    }

    [Fact]
    public void ParsesInstantNgpsNestedOptimizer()
    {
        // instant-ngp's configs/nerf/base.json optimizer: EMA(ExponentialDecay(Adam)).
        var config = ModelConfig.Parse("""
            {
                "network": { "otype": "FullyFusedMLP", "n_neurons": 64, "n_hidden_layers": 1 },
                "optimizer": {
                    "otype": "Ema", "decay": 0.95,
                    "nested": {
                        "otype": "ExponentialDecay", "decay_start": 20000, "decay_interval": 10000, "decay_base": 0.33,
                        "nested": { "otype": "Adam", "learning_rate": 1e-2, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-15, "l2_reg": 1e-6 }
                    }
                }
            }
            """);
        var ema = Assert.IsType<EmaOptimizerConfig>(config.Optimizer);
        Assert.Equal(0.95f, ema.Decay);
        Assert.False(ema.FullPrecision);
        var decay = Assert.IsType<ExponentialDecayOptimizerConfig>(ema.Nested);
        Assert.Equal((0.33f, 20000, 10000, 10000000), (decay.DecayBase, decay.DecayStart, decay.DecayInterval, decay.DecayEnd));
        Assert.Equal(new AdamOptimizerConfig(1e-2f, 0.9f, 0.99f, 1e-15f, 1e-6f), decay.Nested);
    }

    [Fact]
    public void FillsTcnnsDefaults()
    {
        // Defaults from src/network.cu, src/encoding.cu, src/loss.cu, src/optimizer.cu and optimizers/*.h.
        var config = ModelConfig.Parse("""{ "network": {}, "encoding": {}, "loss": {}, "optimizer": {} }""");
        Assert.Equal(NetworkType.CutlassMlp, config.Network.Type);
        Assert.Equal(("ReLU", "None", 128, 5), (config.Network.Activation, config.Network.OutputActivation, config.Network.NNeurons, config.Network.NHiddenLayers));
        Assert.Equal(16, Assert.IsType<OneBlobEncodingConfig>(config.Encoding).NBins);
        Assert.Equal(LossKind.RelativeL2, config.Loss!.Kind);
        var adam = Assert.IsType<AdamOptimizerConfig>(config.Optimizer);
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 1e-8f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.L2Reg));
        Assert.Equal((0f, 0f, false), (adam.RelativeDecay, adam.AbsoluteDecay, adam.Adabound));
        Assert.Equal((0f, 0f, 1f, 0f), (adam.ClippingMagnitude, adam.GradientClippingMagnitude, adam.NonMatrixLearningRateFactor, adam.NonMatrixL2Reg));
        Assert.Equal((true, true, true), (adam.OptimizeMatrixParams, adam.OptimizeNonMatrixParams, adam.SkipZeroGradNonMatrixParams));

        var identity = Encoding<IdentityEncodingConfig>("Identity");
        Assert.Equal((1f, 0f), (identity.Scale, identity.Offset));
        Assert.Equal(12, Encoding<FrequencyEncodingConfig>("Frequency").NFrequencies);
        Assert.Equal(12, Encoding<TriangleWaveEncodingConfig>("TriangleWave").NFrequencies);
        Assert.Equal(4, Encoding<SphericalHarmonicsEncodingConfig>("SphericalHarmonics").Degree);
        Assert.Equal(new GridEncodingConfig(GridType.Hash, 16, 2, 19, 16, 2f, GridInterpolation.Linear), Encoding<GridEncodingConfig>("HashGrid"));
        Assert.Equal(GridType.Hash, Encoding<GridEncodingConfig>("Grid").Type);
        Assert.Equal(GridType.Tiled, Encoding<GridEncodingConfig>("TiledGrid").Type);
        Assert.Equal(2f, Encoding<GridEncodingConfig>("TiledGrid").PerLevelScale);

        var sgd = Assert.IsType<SgdOptimizerConfig>(Optimizer("""{ "otype": "SGD" }"""));
        Assert.Equal((1e-3f, 1e-8f), (sgd.LearningRate, sgd.L2Reg));
        var ema = Assert.IsType<EmaOptimizerConfig>(Optimizer("""{ "otype": "EMA" }"""));
        Assert.Equal((0.99f, false, (OptimizerConfig)new AdamOptimizerConfig()), (ema.Decay, ema.FullPrecision, ema.Nested));
        var decay = Assert.IsType<ExponentialDecayOptimizerConfig>(Optimizer("""{ "otype": "ExponentialDecay" }"""));
        Assert.Equal((0.1f, 10000, 10000, 10000000), (decay.DecayBase, decay.DecayStart, decay.DecayInterval, decay.DecayEnd));
        Assert.Equal(1f, ModelConfig.Parse("""{ "network": {}, "loss": { "otype": "Huber" } }""").Loss!.Delta);
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(8, 12)]
    [InlineData(32, 4)]
    public void DenseGridDefaultScaleReaches256AtTheLastLevel(int baseResolution, int nLevels)
    {
        var grid = Encoding<GridEncodingConfig>("DenseGrid", $"\"base_resolution\": {baseResolution}, \"n_levels\": {nLevels}");
        Assert.Equal(GridType.Dense, grid.Type);
        // tcnn: exp(log(256 / base) / (n_levels − 1)) in float32; the float64 reference is (256 / base)^(1 / (n_levels − 1)),
        // so the two agree to a few float32 ulps (2e-7 relative each for logf, the division and expf).
        var reference = Math.Pow(256.0 / baseResolution, 1.0 / (nLevels - 1));
        Assert.InRange(grid.PerLevelScale, reference * (1 - 1e-6), reference * (1 + 1e-6));
        Assert.Equal(1f, new GridEncodingConfig(GridType.Dense, nLevels: 1).PerLevelScale);
        Assert.Equal(2f, Encoding<GridEncodingConfig>("Grid", "\"type\": \"Dense\", \"per_level_scale\": 2").PerLevelScale);
    }

    [Fact]
    public void GridAcceptsTcnnsTotalFeatureCount()
    {
        var grid = Encoding<GridEncodingConfig>("HashGrid", "\"n_features\": 32, \"n_features_per_level\": 4");
        Assert.Equal((8, 4), (grid.NLevels, grid.NFeaturesPerLevel));
        Assert.Equal(16, Encoding<GridEncodingConfig>("HashGrid", "\"n_grid_features\": 32").NLevels);
    }

    [Fact]
    public void OtypesAndNamesMatchCaseInsensitivelyAndAreRecordedCanonically()
    {
        var config = ModelConfig.Parse("""
            {
                "encoding": { "otype": "hashgrid", "type": "DENSE", "interpolation": "smoothstep", "hash": "coherentprime" },
                "network": { "otype": "fullyfusedmlp", "activation": "relu", "output_activation": "SIGMOID", "n_neurons": 32 },
                "loss": { "otype": "mape" },
                "optimizer": { "otype": "ema", "nested": { "otype": "sgd" } }
            }
            """);
        var grid = Assert.IsType<GridEncodingConfig>(config.Encoding);
        Assert.Equal((GridType.Dense, GridInterpolation.Smoothstep), (grid.Type, grid.Interpolation));
        Assert.Equal((NetworkType.FullyFusedMlp, "ReLU", "Sigmoid"), (config.Network.Type, config.Network.Activation, config.Network.OutputActivation));
        Assert.Equal(LossKind.Mape, config.Loss!.Kind);
        Assert.IsType<SgdOptimizerConfig>(Assert.IsType<EmaOptimizerConfig>(config.Optimizer).Nested);
    }

    [Theory]
    [InlineData("MLP", NetworkType.CutlassMlp)]
    [InlineData("Mlp", NetworkType.CutlassMlp)]
    [InlineData("CutlassMLP", NetworkType.CutlassMlp)]
    [InlineData("FullyFusedMlp", NetworkType.FullyFusedMlp)]
    [InlineData("MegakernelMLP", NetworkType.FullyFusedMlp)]
    public void NetworkAliasesFollowTcnn(string otype, NetworkType expected)
    {
        Assert.Equal(expected, ModelConfig.Parse($$"""{ "network": { "otype": "{{otype}}", "n_neurons": 64 } }""").Network.Type);
    }

    [Fact]
    public void ActivationsComeFromTheRegistryOrTheGivenList()
    {
        // Siren is TinyNN's own activation, registered beside tcnn's.
        Assert.Equal("Siren", ModelConfig.Parse("""{ "network": { "activation": "siren" } }""").Network.Activation);

        var options = new ConfigParseOptions { KnownActivations = ["None", "ReLU", "MyGelu"] };
        Assert.Equal("MyGelu", ModelConfig.Parse("""{ "network": { "activation": "mygelu" } }""", options).Network.Activation);
        var e = Assert.Throws<ConfigException>(() => ModelConfig.Parse("""{ "network": { "activation": "Tanh" } }""", options));
        Assert.Equal("network.activation: unknown activation \"Tanh\"; accepted: None, ReLU, MyGelu", e.Message);
    }

    [Fact]
    public void IntegersMayBeWrittenAsIntegralNumbers()
    {
        var network = ModelConfig.Parse("""{ "network": { "n_neurons": 64.0, "n_hidden_layers": 3e0 } }""").Network;
        Assert.Equal((64, 3), (network.NNeurons, network.NHiddenLayers));
    }

    [Fact]
    public void LoadsAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tinynn-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TcnnConfigHash);
        try
        {
            Assert.Equal(ModelConfig.Parse(TcnnConfigHash), ModelConfig.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static T Encoding<T>(string otype, string fields = "") where T : EncodingConfig
    {
        var separator = fields.Length > 0 ? ", " : "";
        var json = $$"""{ "network": {}, "encoding": { "otype": "{{otype}}"{{separator}}{{fields}} } }""";
        return Assert.IsType<T>(ModelConfig.Parse(json).Encoding);
    }

    private static OptimizerConfig Optimizer(string json) => ModelConfig.Parse($$"""{ "network": {}, "optimizer": {{json}} }""").Optimizer!;
}
