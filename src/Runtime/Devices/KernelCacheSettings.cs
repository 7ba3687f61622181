namespace TinyNN.Devices;

/// <summary>
/// Where the persistent kernel cache lives and how large it may grow, from the environment: <c>TINYNN_CACHE=off</c> disables
/// it, <c>TINYNN_CACHE_DIR</c> moves it, <c>TINYNN_CACHE_SIZE_MB</c> bounds it. Otherwise it is the user's cache directory
/// ($XDG_CACHE_HOME or ~/.cache on Linux and macOS, LocalAppData on Windows) + tinynn/kernels, bounded to 256 MiB.
/// </summary>
/// <param name="Enabled">Whether kernels are cached at all.</param>
/// <param name="Directory">The folder holding the entries.</param>
/// <param name="MaxBytes">The bound on the entries' total size; the least recently used go first.</param>
public sealed record KernelCacheSettings(bool Enabled, string Directory, long MaxBytes)
{
    /// <summary>The default bound: a `tinynn sdf` run's kernels take about 15 MB of PTX.</summary>
    public const long DefaultMaxBytes = 256L << 20;

    /// <summary>The settings this process's environment asks for.</summary>
    /// <exception cref="ArgumentException">A variable holds a value outside what it accepts.</exception>
    public static KernelCacheSettings FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>The settings the environment <paramref name="variable"/> describes (a lookup by name; null when unset).</summary>
    /// <exception cref="ArgumentException">A variable holds a value outside what it accepts.</exception>
    public static KernelCacheSettings From(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var switchValue = variable("TINYNN_CACHE");
        var enabled = switchValue?.Trim().ToLowerInvariant() switch
        {
            null or "" or "on" => true,
            "off" => false,
            _ => throw new ArgumentException($"TINYNN_CACHE must be on or off (got '{switchValue}')", nameof(variable)),
        };
        var directory = variable("TINYNN_CACHE_DIR") is { Length: > 0 } overridden ? Path.GetFullPath(overridden) : DefaultDirectory(variable);
        var maxBytes = DefaultMaxBytes;
        if (variable("TINYNN_CACHE_SIZE_MB") is { Length: > 0 } size)
        {
            if (!long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes)
                || megabytes is < 1 or > 1L << 30)
            {
                throw new ArgumentException($"TINYNN_CACHE_SIZE_MB must be a whole number of megabytes from 1 to {1L << 30} (got '{size}')", nameof(variable));
            }
            maxBytes = megabytes << 20;
        }
        return new KernelCacheSettings(enabled, directory, maxBytes);
    }

    private static string DefaultDirectory(Func<string, string?> variable)
    {
        string root;
        if (OperatingSystem.IsWindows())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else if (variable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            root = xdg; // the XDG spec: a relative value is invalid and must be ignored
        }
        else
        {
            var home = variable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = Path.Combine(home, ".cache");
        }
        return Path.Combine(root, "tinynn", "kernels");
    }
}
