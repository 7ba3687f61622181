using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>tcnn's "SGD" optimizer [optimizers/sgd.h]: w −= learning_rate · (g + l2_reg · w).</summary>
public sealed record SgdOptimizerConfig : OptimizerConfig
{
    private static readonly FloatField LearningRateField = FloatField.NonNegative("learning_rate");
    private static readonly FloatField L2RegField = FloatField.NonNegative("l2_reg");

    /// <summary>SGD (tcnn's defaults: learning rate 1e-3, L2 regularisation 1e-8).</summary>
    public SgdOptimizerConfig(float learningRate = 1e-3f, float l2Reg = 1e-8f)
    {
        LearningRate = LearningRateField.Check(learningRate);
        L2Reg = L2RegField.Check(l2Reg);
    }

    /// <summary>The step size ("learning_rate").</summary>
    public float LearningRate { get; }

    /// <summary>L2 regularisation strength ("l2_reg").</summary>
    public float L2Reg { get; }

    internal static SgdOptimizerConfig Parse(ConfigObject json)
    {
        var learningRate = json.Float(LearningRateField, 1e-3f);
        var l2Reg = json.Float(L2RegField, 1e-8f);
        json.RejectUnknown();
        return json.Build(() => new SgdOptimizerConfig(learningRate, l2Reg));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "SGD");
        writer.WriteNumber("learning_rate", LearningRate);
        writer.WriteNumber("l2_reg", L2Reg);
    }
}
