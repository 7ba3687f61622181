using System.Globalization;

namespace TinyNN.Cli;

/// <summary>
/// Typed reads of command-line option values with their accepted ranges, and checks of the paths they name; every
/// failure is a <see cref="UsageException"/> that names the command, the option, the value and what is accepted.
/// </summary>
internal static class OptionValues
{
    /// <summary>The integer option <paramref name="name"/> in [<paramref name="minimum"/>, <paramref name="maximum"/>], or <paramref name="fallback"/>.</summary>
    public static int Int(CommandLineArguments options, string command, string name, int fallback, int minimum, int maximum = int.MaxValue, string? why = null) =>
        options.Get(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum ? value
        : throw new UsageException($"{command}: --{name} must be an integer from {minimum} to {maximum}{(why is null ? "" : $" ({why})")} (got '{text}')");

    /// <summary>The number option <paramref name="name"/> in [<paramref name="minimum"/>, <paramref name="maximum"/>], or <paramref name="fallback"/>.</summary>
    public static float Float(CommandLineArguments options, string command, string name, float fallback, float minimum, float maximum, string? why = null) =>
        options.Get(name) is not { } text ? fallback
        : float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) && value >= minimum && value <= maximum ? value
        : throw new UsageException($"{command}: --{name} must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to "
            + $"{maximum.ToString(CultureInfo.InvariantCulture)}{(why is null ? "" : $" ({why})")} (got '{text}')");

    /// <summary>A comma-separated list of integers, each in [<paramref name="minimum"/>, <paramref name="maximum"/>], at least one.</summary>
    public static int[] Ints(CommandLineArguments options, string command, string name, string fallback, int minimum, int maximum, string? why = null)
    {
        var text = options.Get(name) ?? fallback;
        var items = text.Split(',');
        var values = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < minimum || values[i] > maximum)
            {
                throw new UsageException($"{command}: --{name} takes comma-separated integers from {minimum} to {maximum}{(why is null ? "" : $" ({why})")}; "
                    + $"'{items[i]}' is not one (in '{text}')");
            }
        }
        return values;
    }

    /// <summary>The input file option <paramref name="name"/>: it must exist and be a file (a folder there is a clear error).</summary>
    public static string? ExistingFile(CommandLineArguments options, string command, string name)
    {
        if (options.Get(name) is not { } path) return null;
        if (Directory.Exists(path)) throw new UsageException($"{command}: --{name} {path} is a folder; expected a file");
        if (!File.Exists(path)) throw new UsageException($"{command}: --{name} {path}: file not found");
        return path;
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> is a folder this process can write into, creating it if needed, before any
    /// work is done: an existing file, a path under a file or an unwritable place is a clear error naming the option.
    /// </summary>
    public static void WritableFolder(string command, string option, string path)
    {
        PlannedFolder(command, option, path);
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".tinynn-write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"{command}: --{option} {path} cannot be used as the output folder ({e.Message})");
        }
    }

    /// <summary>
    /// Checks, without creating anything, that <paramref name="path"/> can become an output folder: not a file, and
    /// not under a file (for commands that leave the folder untouched when their input is bad).
    /// </summary>
    public static void PlannedFolder(string command, string option, string path)
    {
        if (File.Exists(path)) throw new UsageException($"{command}: --{option} {path} is a file; expected a folder (existing or to create)");
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(path)); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder)) throw new UsageException($"{command}: --{option} {path} cannot be created: {folder} is a file");
            if (Directory.Exists(folder)) return;
        }
    }
}
