using System.Collections.Concurrent;

namespace TinyNN.Activations;

/// <summary>
/// The activations a config can name: every [Activation] of the loaded assemblies (TinyNN's built-ins, a user's
/// own), which the generator adds to <see cref="DeclaredActivations"/> with no call needed, and any type built at
/// run time that <see cref="Register{TActivation}"/> adds.
/// </summary>
public static class ActivationRegistry
{
    private static readonly ConcurrentDictionary<Type, ActivationInfo> Infos = new();

    private static readonly Lazy<IReadOnlyList<ActivationInfo>> BuiltInInfos = new(() =>
        [.. DeclaredActivations.All.Where(a => a.Type.Assembly == typeof(IActivation).Assembly).Select(Info)]);

    /// <summary>The built-in activations (those TinyNN.Activations declares), in tcnn's order, then TinyNN's own.</summary>
    public static IReadOnlyList<ActivationInfo> BuiltIn => BuiltInInfos.Value;

    /// <summary>Every activation registered so far: the built-ins in tcnn's order, then the others in registration order.</summary>
    public static IReadOnlyCollection<ActivationInfo> All => [.. DeclaredActivations.All.Select(Info)];

    /// <summary>
    /// Makes an activation struct selectable by name. A declared [Activation] needs no call (its assembly registers it
    /// when it loads); this is for a type the generator did not see, such as one built at run time.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another type already holds the name.</exception>
    public static void Register<TActivation>() where TActivation : struct, IActivation
    {
        if (!DeclaredActivations.TryAdd(new DeclaredActivation<TActivation>(), out var owner) && owner.Type != typeof(TActivation))
        {
            throw new InvalidOperationException(
                $"activation name '{TActivation.Name}' of {typeof(TActivation).FullName} is already taken by {owner.Type.FullName}; names must be unique (case-insensitive)");
        }
    }

    /// <summary>The activation called <paramref name="name"/> (case-insensitive, as tcnn's configs).</summary>
    /// <exception cref="ArgumentException">No activation has that name; the message lists the accepted ones.</exception>
    /// <exception cref="InvalidOperationException">Two loaded assemblies declare activations of that name.</exception>
    public static ActivationInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (DeclaredActivations.Find(name) is { } declared) return Info(declared);
        var accepted = string.Join(", ", DeclaredActivations.All.Select(a => a.Name));
        throw new ArgumentException(
            $"unknown activation '{name}'; accepted: {accepted}. An [Activation] struct is added when its assembly loads; "
            + "a type the generator did not see needs ActivationRegistry.Register<T>()");
    }

    /// <summary>The info of a registry entry, built once per type through typed dispatch.</summary>
    private static ActivationInfo Info(DeclaredActivation declared) =>
        Infos.GetOrAdd(declared.Type, static (_, entry) => entry.Accept(InfoBuilder.Instance), declared);

    /// <summary>Builds <see cref="ActivationInfo.Of{TActivation}"/> for the visited struct.</summary>
    private sealed class InfoBuilder : IActivationVisitor<ActivationInfo>
    {
        public static readonly InfoBuilder Instance = new();

        public ActivationInfo Visit<TActivation>() where TActivation : struct, IActivation => ActivationInfo.Of<TActivation>();
    }
}
