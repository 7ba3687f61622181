using TinyNN.Activations;

namespace TinyNN.Configs;

/// <summary>What a config may name beyond tcnn's fixed vocabulary.</summary>
public sealed class ConfigParseOptions
{
    /// <summary>
    /// The activation names a network may use (matched case-insensitively, recorded in this spelling). Null: the
    /// names in <see cref="ActivationRegistry"/> when parsing, that is the built-ins (None, ReLU, LeakyReLU,
    /// Exponential, Sine, Siren, Sigmoid, Tanh, SiLU, Squareplus, Softplus) and any a user registered.
    /// </summary>
    public IReadOnlyCollection<string>? KnownActivations { get; init; }

    internal IReadOnlyCollection<string> ResolveActivations() =>
        KnownActivations ?? [.. ActivationRegistry.All.Select(info => info.Name)];
}
