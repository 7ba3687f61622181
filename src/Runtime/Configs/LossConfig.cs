using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// The "loss" section of a tcnn config [tcnn src/loss.cu]. tcnn's losses have no parameters; TinyNN's Huber has
/// "delta" (default 1, as PyTorch's HuberLoss). An absent otype means "RelativeL2", as in tcnn.
/// </summary>
public sealed record LossConfig
{
    private static readonly ChoiceField<LossKind> OtypeField = new("otype", "loss",
        [("L1", LossKind.L1), ("L2", LossKind.L2), ("RelativeL1", LossKind.RelativeL1), ("RelativeL2", LossKind.RelativeL2),
         ("MAPE", LossKind.Mape), ("SMAPE", LossKind.Smape), ("Huber", LossKind.Huber)],
        ["RelativeL2Luminance", "CrossEntropy", "Variance"]);

    private static readonly FloatField DeltaField = FloatField.Positive("delta");

    /// <summary>A loss; <paramref name="delta"/> belongs to Huber and must stay 1 for the others.</summary>
    public LossConfig(LossKind kind = LossKind.RelativeL2, float delta = 1f)
    {
        if (!Enum.IsDefined(kind)) throw new ConfigException("otype", $"unknown loss kind {(int)kind}");
        Kind = kind;
        Delta = DeltaField.Check(delta);
        if (kind != LossKind.Huber && delta != 1f)
        {
            throw new ConfigException("delta", $"only Huber has a delta, the loss is {OtypeField.NameOf(kind)}");
        }
    }

    /// <summary>Which loss ("otype").</summary>
    public LossKind Kind { get; }

    /// <summary>Huber's threshold between its quadratic and linear parts ("delta"); 1 for the other losses.</summary>
    public float Delta { get; }

    internal static LossConfig Parse(ConfigObject json)
    {
        var kind = json.Choice(OtypeField, LossKind.RelativeL2);
        var delta = kind == LossKind.Huber ? json.Float(DeltaField, 1f) : 1f;
        json.RejectUnknown();
        return json.Build(() => new LossConfig(kind, delta));
    }

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("otype", OtypeField.NameOf(Kind));
        if (Kind == LossKind.Huber) writer.WriteNumber("delta", Delta);
        writer.WriteEndObject();
    }
}
