namespace TinyNN.Cli;

/// <summary>The model configs and budgets `tinynn sdf` uses unless told otherwise.</summary>
internal static class SdfPresets
{
    /// <summary>
    /// HashGrid (16 levels, Smoothstep so ∇f is smooth and its second derivatives exist) + FullyFusedMlp 64 Softplus.
    /// Chosen by an H100 sweep (benchmarks/RESULTS.md): a per-level scale of 1.25 (finest grid 455, not 2 000) leaves fewer
    /// hash collisions to roughen ∇f far from the surface, and the learning rate decays ×0.6 every 300 steps from step 1500
    /// to 2700 (then holds), which settles the parameters' noise: Eikonal residual 0.059 → 0.036 with |SDF error| 4× lower.
    /// </summary>
    public const string DefaultConfig = """
        {
          "encoding": { "otype": "HashGrid", "n_levels": 16, "n_features_per_level": 2, "log2_hashmap_size": 19,
                        "base_resolution": 16, "per_level_scale": 1.25, "interpolation": "Smoothstep" },
          "network": { "otype": "FullyFusedMLP", "activation": "Softplus", "output_activation": "None",
                       "n_neurons": 64, "n_hidden_layers": 2 },
          "loss": { "otype": "L1" },
          "optimizer": { "otype": "ExponentialDecay", "decay_start": 1500, "decay_interval": 300, "decay_base": 0.6, "decay_end": 2700,
                         "nested": { "otype": "Adam", "learning_rate": 0.005, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-15, "l2_reg": 1e-6 } }
        }
        """;

    /// <summary>A small grid and network for CPUs: the default shape in about two minutes on two cores (same decay, scaled to 400 steps).</summary>
    public const string QuickConfig = """
        {
          "encoding": { "otype": "HashGrid", "n_levels": 8, "n_features_per_level": 2, "log2_hashmap_size": 15,
                        "base_resolution": 8, "per_level_scale": 1.5, "interpolation": "Smoothstep" },
          "network": { "otype": "FullyFusedMLP", "activation": "Softplus", "output_activation": "None",
                       "n_neurons": 32, "n_hidden_layers": 2 },
          "loss": { "otype": "L1" },
          "optimizer": { "otype": "ExponentialDecay", "decay_start": 200, "decay_interval": 40, "decay_base": 0.6, "decay_end": 360,
                         "nested": { "otype": "Adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-15, "l2_reg": 1e-6 } }
        }
        """;

    /// <summary>The default budget (GPU) and the quick one (CPU).</summary>
    public static (int Steps, int Batch, int Pool, int Resolution, int Image) Budget(bool quick) =>
        quick ? (400, 4096, 1 << 17, 96, 512) : (3000, 1 << 16, 1 << 21, 256, 1024);
}
