using System.Text.Json;

using TinyNN.Encodings;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's "Composite" encoding [encodings/composite.h]: nested encodings, each on a slice of the input
/// dimensions, their outputs concatenated, summed or multiplied. At most one part may leave n_dims_to_encode out
/// (it takes the rest); once any part gives dims_to_encode_begin, every part must give n_dims_to_encode.
/// </summary>
public sealed record CompositeEncodingConfig : EncodingConfig
{
    private static readonly ChoiceField<CompositeReduction> ReductionField = new("reduction", "reduction",
        [("Concatenation", CompositeReduction.Concatenation), ("Sum", CompositeReduction.Sum), ("Product", CompositeReduction.Product)]);

    private readonly CompositePart[] nested;

    /// <summary>A composite of <paramref name="nested"/> (at least one part), combined by <paramref name="reduction"/>.</summary>
    public CompositeEncodingConfig(IEnumerable<CompositePart> nested, CompositeReduction reduction = CompositeReduction.Concatenation)
    {
        ArgumentNullException.ThrowIfNull(nested);
        if (!Enum.IsDefined(reduction)) throw new ConfigException("reduction", $"unknown reduction {(int)reduction}");
        this.nested = [.. nested];
        if (this.nested.Length == 0) throw new ConfigException("nested", "expected at least one nested encoding, got []");
        for (var i = 0; i < this.nested.Length; i++)
        {
            if (this.nested[i] is null) throw new ConfigException($"nested[{i}]", "expected an encoding, got null");
        }
        var open = Enumerable.Range(0, this.nested.Length).Where(i => this.nested[i].NDimsToEncode is null).ToArray();
        if (open.Length > 1)
        {
            throw new ConfigException($"nested[{open[1]}].n_dims_to_encode", $"missing: only one nested encoding may leave it out, and nested[{open[0]}] already does");
        }
        var placed = Array.FindIndex(this.nested, part => part.DimsToEncodeBegin is not null);
        if (placed >= 0 && open.Length > 0)
        {
            throw new ConfigException($"nested[{open[0]}].n_dims_to_encode", $"missing: required of every nested encoding once one (nested[{placed}]) gives dims_to_encode_begin");
        }
        Reduction = reduction;
    }

    /// <summary>The parts, in input-dimension order ("nested").</summary>
    public IReadOnlyList<CompositePart> Nested => nested;

    /// <summary>How the parts' outputs are combined ("reduction").</summary>
    public CompositeReduction Reduction { get; }

    /// <inheritdoc/>
    public bool Equals(CompositeEncodingConfig? other) =>
        other is not null && Reduction == other.Reduction && nested.SequenceEqual(other.nested);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Reduction);
        foreach (var part in nested) hash.Add(part);
        return hash.ToHashCode();
    }

    internal static CompositeEncodingConfig Parse(ConfigObject json)
    {
        var reduction = json.Choice(ReductionField, CompositeReduction.Concatenation);
        var items = json.Objects("nested") ?? throw json.Error("nested", "missing: a Composite encoding needs an array of nested encodings");
        json.RejectUnknown();
        var parts = items.Select(item =>
        {
            var nDims = item.OptionalInt(CompositePart.NDimsToEncodeField);
            var begin = item.OptionalInt(CompositePart.DimsToEncodeBeginField);
            var encoding = EncodingConfig.ParseAny(item);
            return item.Build(() => new CompositePart(encoding, nDims, begin));
        }).ToList();
        return json.Build(() => new CompositeEncodingConfig(parts, reduction));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "Composite");
        writer.WriteString("reduction", ReductionField.NameOf(Reduction));
        writer.WriteStartArray("nested");
        foreach (var part in nested)
        {
            // The part's fields sit inside the nested encoding's object, where tcnn reads them.
            writer.WriteStartObject();
            if (part.NDimsToEncode is { } n) writer.WriteNumber("n_dims_to_encode", n);
            if (part.DimsToEncodeBegin is { } begin) writer.WriteNumber("dims_to_encode_begin", begin);
            part.Encoding.WriteFields(writer);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
