using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// One JSON object of a config being parsed, at a known path. Typed reads check the JSON type; every field a
/// parser asks about counts as accepted, so <see cref="RejectUnknown"/> can list exactly the accepted fields.
/// </summary>
internal sealed class ConfigObject
{
    private const int MaxShownValueLength = 60;

    private readonly Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
    private readonly List<string> asked = [];

    private ConfigObject(string path) => Path = path;

    /// <summary>Where this object sits, e.g. "encoding.nested[1]" ("" for the document).</summary>
    public string Path { get; }

    /// <summary>The object <paramref name="element"/> at <paramref name="path"/>; anything else, or a field given twice, is an error.</summary>
    public static ConfigObject From(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException(path, $"expected an object, got {Show(element)}");
        }
        var result = new ConfigObject(path);
        foreach (var property in element.EnumerateObject())
        {
            if (!result.fields.TryAdd(property.Name, property.Value))
            {
                throw new ConfigException(ConfigException.JoinPath(path, property.Name), "the field appears twice");
            }
        }
        return result;
    }

    /// <summary>The integer field, or <paramref name="fallback"/> when absent.</summary>
    public int Int(IntField field, int fallback) => OptionalInt(field) ?? fallback;

    /// <summary>The integer field, or null when absent.</summary>
    public int? OptionalInt(IntField field)
    {
        if (!TryGet(field.Name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }
        throw TypeError(field.Name, field.Expected, value);
    }

    /// <summary>The number field as float32 (tcnn's precision), or <paramref name="fallback"/> when absent.</summary>
    public float Float(FloatField field, float fallback) => OptionalFloat(field) ?? fallback;

    /// <summary>The number field as float32, or null when absent.</summary>
    public float? OptionalFloat(FloatField field)
    {
        if (!TryGet(field.Name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && float.IsFinite((float)number))
        {
            return (float)number;
        }
        throw TypeError(field.Name, field.Expected, value);
    }

    /// <summary>The boolean field, or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw TypeError(name, "true or false", value),
        };
    }

    /// <summary>The string field, or <paramref name="fallback"/> when absent.</summary>
    public string String(string name, string expected, string fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw TypeError(name, expected, value);
    }

    /// <summary>The named choice, or <paramref name="fallback"/> when absent.</summary>
    public T Choice<T>(ChoiceField<T> field, T fallback) where T : notnull
    {
        if (!TryGet(field.Name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.String) throw TypeError(field.Name, field.Expected, value);
        return Build(() => field.Resolve(value.GetString()!));
    }

    /// <summary>The nested object, or null when absent.</summary>
    public ConfigObject? Object(string name) =>
        TryGet(name, out var value) ? From(value, ConfigException.JoinPath(Path, name)) : null;

    /// <summary>The array of objects, or null when absent.</summary>
    public IReadOnlyList<ConfigObject>? Objects(string name)
    {
        if (!TryGet(name, out var value)) return null;
        var path = ConfigException.JoinPath(Path, name);
        if (value.ValueKind != JsonValueKind.Array) throw new ConfigException(path, $"expected an array of objects, got {Show(value)}");
        return [.. value.EnumerateArray().Select((item, index) => From(item, $"{path}[{index}]"))];
    }

    /// <summary>Fails on the first field no read asked about, listing the accepted ones.</summary>
    public void RejectUnknown()
    {
        foreach (var name in fields.Keys)
        {
            if (!asked.Contains(name))
            {
                throw Error(name, $"unknown field; accepted: {string.Join(", ", asked)}");
            }
        }
    }

    /// <summary>Runs a record constructor, placing its range errors at this object's path.</summary>
    public T Build<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ConfigException e)
        {
            throw e.Within(Path);
        }
    }

    /// <summary>An error about <paramref name="field"/> of this object.</summary>
    public ConfigException Error(string field, string problem) => new(ConfigException.JoinPath(Path, field), problem);

    private bool TryGet(string name, out JsonElement value)
    {
        if (!asked.Contains(name)) asked.Add(name);
        return fields.TryGetValue(name, out value);
    }

    private ConfigException TypeError(string name, string expected, JsonElement value) =>
        Error(name, $"expected {expected}, got {Show(value)}");

    /// <summary>The value as written in the JSON, shortened if long.</summary>
    private static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= MaxShownValueLength ? raw : raw[..MaxShownValueLength] + "…";
    }
}
