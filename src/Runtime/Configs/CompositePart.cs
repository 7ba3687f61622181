namespace TinyNN.Configs;

/// <summary>
/// One entry of a Composite encoding's "nested" list: an encoding and the input dimensions it reads. In JSON the
/// two fields sit inside the nested encoding's object.
/// </summary>
public sealed record CompositePart
{
    internal static readonly IntField NDimsToEncodeField = IntField.AtLeast("n_dims_to_encode", 0);
    internal static readonly IntField DimsToEncodeBeginField = IntField.AtLeast("dims_to_encode_begin", 0);

    /// <summary>A part; <paramref name="nDimsToEncode"/> null takes the dimensions no other part claims.</summary>
    public CompositePart(EncodingConfig encoding, int? nDimsToEncode = null, int? dimsToEncodeBegin = null)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        Encoding = encoding;
        NDimsToEncode = nDimsToEncode is { } n ? NDimsToEncodeField.Check(n) : null;
        if (dimsToEncodeBegin is { } begin)
        {
            DimsToEncodeBeginField.Check(begin);
            if (nDimsToEncode is null)
            {
                throw new ConfigException("dims_to_encode_begin", "needs n_dims_to_encode beside it");
            }
        }
        DimsToEncodeBegin = dimsToEncodeBegin;
    }

    /// <summary>The nested encoding.</summary>
    public EncodingConfig Encoding { get; }

    /// <summary>How many input dimensions it encodes ("n_dims_to_encode"); null: the remaining ones.</summary>
    public int? NDimsToEncode { get; }

    /// <summary>The first input dimension it reads ("dims_to_encode_begin"); null: where the previous part ended.</summary>
    public int? DimsToEncodeBegin { get; }
}
