using System.Reflection;
using System.Runtime.CompilerServices;

namespace TinyNN.Activations;

/// <summary>
/// Every activation struct of the running process that a config may name. TinyNN's generator fills it: each
/// assembly with [Activation] declarations gets a module initializer that adds them when the assembly loads, so a
/// declaration needs no registration call. Names are unique case-insensitively, as configs match them.
/// </summary>
public static class DeclaredActivations
{
    private static readonly object Gate = new();
    private static readonly List<DeclaredActivation> Entries = [];
    private static readonly Dictionary<string, DeclaredActivation> ByName = new(StringComparer.OrdinalIgnoreCase);
    // Names two assemblies declare: kept apart so looking either up fails with both types named.
    private static readonly Dictionary<string, List<DeclaredActivation>> Clashes = new(StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<Assembly> InitializedAssemblies = [];

    /// <summary>
    /// Adds <paramref name="activation"/> (what generated module initializers call). Adding a type again does
    /// nothing; a name that another type already holds is recorded as a clash, which <see cref="Find"/> reports.
    /// </summary>
    public static void Add(DeclaredActivation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        lock (Gate)
        {
            if (TryAddLocked(activation, out var owner) || owner.Type == activation.Type) return;
            if (!Clashes.TryGetValue(activation.Name, out var claimants)) Clashes[activation.Name] = claimants = [owner];
            if (!claimants.Any(c => c.Type == activation.Type)) claimants.Add(activation);
        }
    }

    /// <summary>
    /// Adds <paramref name="activation"/> unless its name is taken; <paramref name="owner"/> is the entry that holds
    /// the name afterwards (<paramref name="activation"/>, an earlier entry of the same type, or another type's).
    /// </summary>
    /// <returns>Whether the entry was added (false when its type was present already or its name is taken).</returns>
    public static bool TryAdd(DeclaredActivation activation, out DeclaredActivation owner)
    {
        ArgumentNullException.ThrowIfNull(activation);
        lock (Gate) return TryAddLocked(activation, out owner);
    }

    /// <summary>
    /// Every entry, by <see cref="DeclaredActivation.Order"/>, ties in the order they were added (loaded assemblies not
    /// yet run are initialised first, as for <see cref="Find"/>).
    /// </summary>
    public static IReadOnlyList<DeclaredActivation> All
    {
        get
        {
            InitializeLoadedAssemblies();
            lock (Gate) return [.. Entries.OrderBy(e => e.Order)];
        }
    }

    /// <summary>
    /// The entry called <paramref name="name"/> (case-insensitive), or null. On a miss, assemblies already loaded but
    /// not yet run (whose module initializers have not added their declarations) are initialised and searched too.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two assemblies declare activations of that name.</exception>
    public static DeclaredActivation? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindEntry(name) ?? (InitializeLoadedAssemblies() ? FindEntry(name) : null);
    }

    private static bool TryAddLocked(DeclaredActivation activation, out DeclaredActivation owner)
    {
        if (ByName.TryGetValue(activation.Name, out var existing))
        {
            owner = existing;
            return false;
        }
        ByName[activation.Name] = owner = activation;
        Entries.Add(activation);
        return true;
    }

    private static DeclaredActivation? FindEntry(string name)
    {
        lock (Gate)
        {
            if (Clashes.TryGetValue(name, out var claimants))
            {
                var types = string.Join(" and ", claimants.Select(c => $"{c.Type.FullName} ({c.Type.Assembly.GetName().Name})"));
                throw new InvalidOperationException(
                    $"activation name '{name}' is declared by {types}; configs select activations by name, so rename one of them");
            }
            return ByName.GetValueOrDefault(name);
        }
    }

    /// <summary>Runs the module initializers of loaded assemblies that reference this one; whether any ran for the first time.</summary>
    private static bool InitializeLoadedAssemblies()
    {
        var self = typeof(DeclaredActivations).Assembly.GetName().Name;
        var pending = new List<Assembly>();
        lock (Gate)
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assembly.IsDynamic || !InitializedAssemblies.Add(assembly)) continue;
                if (assembly.GetReferencedAssemblies().Any(r => r.Name == self)) pending.Add(assembly);
            }
        }
        // Outside the lock: an initializer calls Add.
        foreach (var assembly in pending) RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return pending.Count > 0;
    }
}
