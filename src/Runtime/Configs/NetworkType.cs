namespace TinyNN.Configs;

/// <summary>tcnn's network otypes.</summary>
public enum NetworkType
{
    /// <summary>"FullyFusedMLP" (alias "MegakernelMLP"): the widths a [FusedVector] struct is declared for (tcnn's 16, 32, 64, 128), at least one hidden layer.</summary>
    FullyFusedMlp,

    /// <summary>"CutlassMLP" (alias "MLP", tcnn's default): any width, any number of hidden layers.</summary>
    CutlassMlp,
}
