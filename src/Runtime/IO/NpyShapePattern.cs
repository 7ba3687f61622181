using System.Globalization;

namespace TinyNN.IO;

/// <summary>
/// An expected shape such as "[N, 3]": each axis a fixed size or a name that matches any size, the same name
/// the same size each time ("[N, N]" is square). Kept as text so messages show what the caller asked for.
/// </summary>
internal sealed class NpyShapePattern
{
    private readonly (int? Size, string? Name)[] axes;

    private NpyShapePattern(string text, (int?, string?)[] axes)
    {
        Text = text;
        this.axes = axes;
    }

    /// <summary>The pattern as the caller wrote it.</summary>
    public string Text { get; }

    /// <summary>Parses "[N, 3]", "[]" (a scalar) or "[4]".</summary>
    public static NpyShapePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[^1] != ']')
        {
            throw new ArgumentException($"expected shape '{text}' must look like \"[N, 3]\"", nameof(text));
        }
        var inner = trimmed[1..^1].Trim();
        if (inner.Length == 0) return new NpyShapePattern(trimmed, []);
        var axes = inner.Split(',').Select(part =>
        {
            var axis = part.Trim();
            if (int.TryParse(axis, NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return ((int?)size, (string?)null);
            if (axis.Length > 0 && (char.IsLetter(axis[0]) || axis[0] == '_') && axis.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                return (null, axis);
            }
            throw new ArgumentException($"expected shape '{text}': axis '{axis}' is neither a size ≥ 0 nor a name", nameof(text));
        }).ToArray();
        return new NpyShapePattern(trimmed, axes);
    }

    /// <summary>True when <paramref name="shape"/> has this rank, these fixed sizes and consistent named sizes.</summary>
    public bool Matches(IReadOnlyList<int> shape)
    {
        if (shape.Count != axes.Length) return false;
        var bound = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < axes.Length; i++)
        {
            var (size, name) = axes[i];
            if (size is { } fixedSize)
            {
                if (shape[i] != fixedSize) return false;
            }
            else if (bound.TryGetValue(name!, out var earlier))
            {
                if (shape[i] != earlier) return false;
            }
            else
            {
                bound[name!] = shape[i];
            }
        }
        return true;
    }
}
