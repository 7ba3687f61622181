namespace TinyNN.Configs;

/// <summary>
/// A tcnn config that cannot be used: malformed JSON, an unknown otype or field, a wrong JSON type or a value out of
/// range. The message names the JSON path and what is accepted, e.g.
/// <c>network.n_neurons: expected an integer ≥ 1, got "64"</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>A problem at <paramref name="path"/> (e.g. "encoding.nested[1].n_bins"; "" for the document itself).</summary>
    public ConfigException(string path, string problem, string? fileName = null)
        : base(Compose(path, problem, fileName))
    {
        Path = path;
        Problem = problem;
        FileName = fileName;
    }

    /// <summary>The JSON path of the offending value, dot-separated with [i] for array items; "" for the whole document.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }

    /// <summary>The config file, when the config came from one.</summary>
    public string? FileName { get; }

    /// <summary>The same problem seen from the object at <paramref name="parentPath"/>.</summary>
    internal ConfigException Within(string parentPath) => new(JoinPath(parentPath, Path), Problem, FileName);

    /// <summary>The same problem, reported against <paramref name="fileName"/> (e.g. when the model a parsed config describes cannot be built).</summary>
    public ConfigException InFile(string fileName) => new(Path, Problem, fileName);

    /// <summary>"network" + "n_neurons" → "network.n_neurons"; an index joins without a dot.</summary>
    internal static string JoinPath(string parent, string child) =>
        parent.Length == 0 ? child
        : child.Length == 0 ? parent
        : child[0] == '[' ? parent + child
        : $"{parent}.{child}";

    private static string Compose(string path, string problem, string? fileName)
    {
        var located = path.Length == 0 ? problem : $"{path}: {problem}";
        return fileName is null ? located : $"{fileName}: {located}";
    }
}
