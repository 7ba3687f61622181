namespace TinyNN.Activations;

/// <summary>The activations a config can name: tcnn's set plus TinyNN's, and any a user registers.</summary>
public static class ActivationRegistry
{
    private static readonly Dictionary<string, ActivationInfo> Registered = new(StringComparer.OrdinalIgnoreCase);

    static ActivationRegistry()
    {
        foreach (var info in BuiltIn) Registered[info.Name] = info;
    }

    /// <summary>The built-in activations, in tcnn's order, then TinyNN's own.</summary>
    public static IReadOnlyList<ActivationInfo> BuiltIn { get; } =
    [
        ActivationInfo.Of<None>(),
        ActivationInfo.Of<ReLU>(),
        ActivationInfo.Of<LeakyReLU>(),
        ActivationInfo.Of<Exponential>(),
        ActivationInfo.Of<Sine>(),
        ActivationInfo.Of<Sigmoid>(),
        ActivationInfo.Of<Squareplus>(),
        ActivationInfo.Of<Softplus>(),
        ActivationInfo.Of<Tanh>(),
        ActivationInfo.Of<SiLU>(),
        ActivationInfo.Of<Siren>(),
    ];

    /// <summary>Every registered activation.</summary>
    public static IReadOnlyCollection<ActivationInfo> All
    {
        get { lock (Registered) return [.. Registered.Values]; }
    }

    /// <summary>Makes a user's [Activation] struct selectable by name.</summary>
    public static void Register<TActivation>() where TActivation : struct, IActivation
    {
        lock (Registered)
        {
            if (Registered.TryGetValue(TActivation.Name, out var existing) && existing.Type != typeof(TActivation))
            {
                throw new InvalidOperationException($"activation name '{TActivation.Name}' is already taken by {existing.Type.FullName}");
            }
            Registered[TActivation.Name] = ActivationInfo.Of<TActivation>();
        }
    }

    /// <summary>The activation called <paramref name="name"/> (case-insensitive, as tcnn's configs).</summary>
    public static ActivationInfo Get(string name)
    {
        lock (Registered)
        {
            if (Registered.TryGetValue(name, out var info)) return info;
            var accepted = string.Join(", ", Registered.Keys.Order(StringComparer.Ordinal));
            throw new ArgumentException($"unknown activation '{name}'; accepted: {accepted}");
        }
    }
}
