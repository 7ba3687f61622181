namespace TinyNN.Cli;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches after the command word. Every option must be one the
/// command declares; anything else is an error that lists what is accepted.
/// </summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    public CommandLineArguments(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            string? inlineValue = null;
            if (name is not null && name.Contains('='))
            {
                inlineValue = name[(name.IndexOf('=') + 1)..];
                name = name[..name.IndexOf('=')];
            }
            if (name is not null && flags.Contains(name) && inlineValue is null)
            {
                values[name] = null;
            }
            else if (name is not null && options.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{command}: --{name} needs a value"));
                values[name] = value;
            }
            else
            {
                var accepted = string.Join(", ", options.Select(o => "--" + o + " VALUE").Concat(flags.Select(f => "--" + f)));
                throw new UsageException($"{command}: unknown argument '{arg}'; accepted: {(accepted.Length == 0 ? "none" : accepted)}");
            }
        }
    }

    public bool Has(string flag) => values.ContainsKey(flag);

    public string? Get(string option) => values.TryGetValue(option, out var value) ? value : null;
}

/// <summary>A command line that cannot be run; Program prints its message and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
