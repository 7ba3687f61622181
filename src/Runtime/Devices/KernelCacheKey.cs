using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using ILGPU;

namespace TinyNN.Devices;

/// <summary>
/// The text that identifies a compiled kernel: everything that changes its code. The kernel (its method, metadata token
/// and generic arguments, and how it is grouped); the module version id (MVID, a hash of the IL with deterministic builds)
/// of every non-framework assembly it can reach: its own, its generic arguments', and those they reference (TinyNN, a
/// user's activations, ILGPU, ILGPU.Algorithms); the .NET runtime (framework IL such as Math is compiled too); and the
/// target (<see cref="Target"/>: GPU architecture, PTX ISA, driver, ILGPU's context options).
/// </summary>
public static class KernelCacheKey
{
    /// <summary>The key format; bumped whenever what goes into a key changes.</summary>
    private const string Format = "tinynn-kernel-cache 1";

    private static readonly ConcurrentDictionary<Assembly, string> ReachableAssemblies = new();

    /// <summary>The key of <paramref name="kernel"/> (a closed static method) compiled for <paramref name="target"/>.</summary>
    /// <param name="kernel">The kernel method, its generic arguments closed.</param>
    /// <param name="explicitlyGrouped">True for a kernel with a KernelConfig (Group/Grid indices); false for an Index1D/2D/3D kernel.</param>
    /// <param name="target">The device and compiler description (<see cref="Target"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="kernel"/> is not static or has open generic arguments.</exception>
    public static string For(MethodInfo kernel, bool explicitlyGrouped, string target)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(target);
        if (!kernel.IsStatic) throw new ArgumentException($"a kernel must be a static method (got instance method {kernel.DeclaringType}.{kernel.Name})", nameof(kernel));
        if (kernel.ContainsGenericParameters)
        {
            throw new ArgumentException($"a kernel's generic arguments must all be closed (got {kernel.DeclaringType}.{kernel})", nameof(kernel));
        }
        var types = new HashSet<Type>();
        CollectTypes(kernel.DeclaringType!, types);
        foreach (var argument in kernel.GetGenericArguments()) CollectTypes(argument, types);
        foreach (var parameter in kernel.GetParameters()) CollectTypes(parameter.ParameterType, types);
        var assemblies = types.Select(type => type.Assembly).Distinct().Select(assembly => ReachableAssemblies.GetOrAdd(assembly, DescribeReachable))
            .SelectMany(lines => lines.Split('\n')).Distinct().Order(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(Format).Append('\n');
        text.Append("kernel: ").Append(explicitlyGrouped ? "explicitly grouped " : "implicitly grouped ")
            .Append(kernel.DeclaringType!.AssemblyQualifiedName).Append(" :: ").Append(kernel)
            .Append(" token 0x").Append(kernel.MetadataToken.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var argument in kernel.GetGenericArguments()) text.Append("argument: ").Append(argument.AssemblyQualifiedName).Append('\n');
        foreach (var assembly in assemblies) text.Append("assembly: ").Append(assembly).Append('\n');
        text.Append("runtime: ").Append(RuntimeInformation.FrameworkDescription).Append(' ').Append(RuntimeInformation.ProcessArchitecture).Append('\n');
        text.Append(target);
        return text.ToString();
    }

    /// <summary>
    /// The compiler and device half of a key: CUDA <paramref name="architecture"/>, PTX <paramref name="instructionSet"/>,
    /// <paramref name="driverVersion"/>, ILGPU's version and every public option of <paramref name="context"/> (optimization
    /// level, math mode, inlining, assertions, debug symbols, ...), and <paramref name="extensions"/> (options ILGPU keeps
    /// private, such as ILGPU.Algorithms being enabled).
    /// </summary>
    public static string Target(string architecture, string instructionSet, string driverVersion, Context context, string extensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        ArgumentException.ThrowIfNullOrWhiteSpace(instructionSet);
        ArgumentException.ThrowIfNullOrWhiteSpace(driverVersion);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(extensions);
        var ilgpu = typeof(Context).Assembly;
        var options = context.Properties.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .Select(property => $"{property.Name}={property.GetValue(context.Properties)}")
            .Order(StringComparer.Ordinal);
        return $"target: {architecture} {instructionSet} driver {driverVersion}\n"
            + $"ilgpu: {ilgpu.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? ilgpu.GetName().Version?.ToString()}\n"
            + $"options: {string.Join(';', options)}\n"
            + $"extensions: {extensions}\n";
    }

    /// <summary>A type, its generic arguments, element type and base types: every assembly whose IL can end up in the kernel.</summary>
    private static void CollectTypes(Type type, HashSet<Type> types)
    {
        if (!types.Add(type)) return;
        if (type.HasElementType) CollectTypes(type.GetElementType()!, types);
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments()) CollectTypes(argument, types);
        }
        if (type.BaseType is { } baseType) CollectTypes(baseType, types);
    }

    /// <summary>"name version mvid" of <paramref name="root"/> and every non-framework assembly it references, transitively, one a line.</summary>
    private static string DescribeReachable(Assembly root)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(assembly => !assembly.IsDynamic)
            .GroupBy(assembly => assembly.GetName().Name!, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var seen = new HashSet<Assembly>();
        var unresolved = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            if (assembly.IsDynamic || IsFramework(assembly) || !seen.Add(assembly)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (IsFrameworkName(reference.Name!)) continue;
                if (loaded.TryGetValue(reference.Name!, out var referenced)) pending.Push(referenced);
                else if (TryLoad(reference) is { } resolved) pending.Push(resolved);
                else unresolved.Add($"{reference.FullName} (not loadable)"); // its IL cannot reach a kernel, but its name still keys
            }
        }
        return string.Join('\n', seen.Select(assembly => $"{assembly.GetName().Name} {assembly.GetName().Version} {assembly.ManifestModule.ModuleVersionId}")
            .Concat(unresolved));
    }

    private static Assembly? TryLoad(AssemblyName reference)
    {
        try
        {
            return Assembly.Load(reference);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>An assembly of the shared framework: covered by the runtime line of the key.</summary>
    private static bool IsFramework(Assembly assembly) =>
        IsFrameworkName(assembly.GetName().Name!)
        || assembly.Location.Length > 0 && Path.GetDirectoryName(assembly.Location) == Path.GetDirectoryName(typeof(object).Assembly.Location);

    private static bool IsFrameworkName(string name) =>
        name is "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System"
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);
}
