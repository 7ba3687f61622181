namespace TinyNN.Cli;

/// <summary>
/// The options given to a command, as System.CommandLine parsed them (<see cref="CliCommands"/>): each value-taking
/// option's text, unchecked (OptionValues and SdfOptions check it), and each switch that was set.
/// </summary>
internal sealed class CommandLineArguments(IReadOnlyDictionary<string, string?> values)
{
    private readonly Dictionary<string, string?> values = new(values, StringComparer.Ordinal);

    public bool Has(string flag) => values.ContainsKey(flag);

    public string? Get(string option) => values.TryGetValue(option, out var value) ? value : null;
}

/// <summary>A command line that cannot be run; Program prints its message and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
