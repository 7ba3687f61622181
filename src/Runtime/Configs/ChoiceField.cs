namespace TinyNN.Configs;

/// <summary>
/// A config field naming one of a fixed set (an otype, a grid type...), matched case-insensitively as tcnn does.
/// Names tcnn knows but TinyNN does not implement get their own message, so a tcnn config fails clearly.
/// </summary>
internal sealed class ChoiceField<T>(string name, string noun, IReadOnlyList<(string Name, T Value)> choices, IReadOnlyList<string>? tcnnOnly = null)
    where T : notnull
{
    /// <summary>The JSON name, e.g. "otype".</summary>
    public string Name => name;

    /// <summary>What is accepted, e.g. "an encoding name (a string)".</summary>
    public string Expected => $"{(noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {noun} name (a string)";

    private string Accepted => string.Join(", ", choices.Select(choice => choice.Name));

    /// <summary>The value named <paramref name="text"/>; else a <see cref="ConfigException"/> at this field listing the accepted names.</summary>
    public T Resolve(string text)
    {
        foreach (var (choiceName, value) in choices)
        {
            if (string.Equals(choiceName, text, StringComparison.OrdinalIgnoreCase)) return value;
        }
        if (tcnnOnly?.FirstOrDefault(known => string.Equals(known, text, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            throw new ConfigException(name, $"tiny-cuda-nn's {noun} \"{known}\" is not implemented in TinyNN; accepted: {Accepted}");
        }
        throw new ConfigException(name, $"unknown {noun} \"{text}\"; accepted: {Accepted}");
    }

    /// <summary>The canonical (first listed) name of <paramref name="value"/>, as written back to JSON.</summary>
    public string NameOf(T value) => choices.First(choice => EqualityComparer<T>.Default.Equals(choice.Value, value)).Name;
}
