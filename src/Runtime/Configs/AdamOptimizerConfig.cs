using System.Text.Json;

namespace TinyNN.Configs;

/// <summary>
/// tcnn's "Adam" optimizer [optimizers/adam.h], with every hyperparameter tcnn reads and tcnn's defaults. "Matrix"
/// parameters are the network's weights; "non-matrix" ones the encoding's (e.g. grid features).
/// </summary>
public sealed record AdamOptimizerConfig : OptimizerConfig
{
    private static readonly FloatField LearningRateField = FloatField.NonNegative("learning_rate");
    private static readonly FloatField Beta1Field = FloatField.Fraction("beta1");
    private static readonly FloatField Beta2Field = FloatField.Fraction("beta2");
    private static readonly FloatField EpsilonField = FloatField.NonNegative("epsilon");
    private static readonly FloatField L2RegField = FloatField.NonNegative("l2_reg");
    private static readonly FloatField RelativeDecayField = FloatField.NonNegative("relative_decay");
    private static readonly FloatField AbsoluteDecayField = FloatField.NonNegative("absolute_decay");
    private static readonly FloatField ClippingMagnitudeField = FloatField.NonNegative("clipping_magnitude");
    private static readonly FloatField GradientClippingMagnitudeField = FloatField.NonNegative("gradient_clipping_magnitude");
    private static readonly FloatField NonMatrixLearningRateFactorField = FloatField.NonNegative("non_matrix_learning_rate_factor");
    private static readonly FloatField NonMatrixL2RegField = FloatField.NonNegative("non_matrix_l2_reg");

    /// <summary>Adam with tcnn's defaults for anything not given.</summary>
    public AdamOptimizerConfig(
        float learningRate = 1e-3f,
        float beta1 = 0.9f,
        float beta2 = 0.999f,
        float epsilon = 1e-8f,
        float l2Reg = 1e-8f,
        float relativeDecay = 0f,
        float absoluteDecay = 0f,
        bool adabound = false,
        float clippingMagnitude = 0f,
        float gradientClippingMagnitude = 0f,
        float nonMatrixLearningRateFactor = 1f,
        float nonMatrixL2Reg = 0f,
        bool optimizeMatrixParams = true,
        bool optimizeNonMatrixParams = true,
        bool skipZeroGradNonMatrixParams = true)
    {
        LearningRate = LearningRateField.Check(learningRate);
        Beta1 = Beta1Field.Check(beta1);
        Beta2 = Beta2Field.Check(beta2);
        Epsilon = EpsilonField.Check(epsilon);
        L2Reg = L2RegField.Check(l2Reg);
        RelativeDecay = RelativeDecayField.Check(relativeDecay);
        AbsoluteDecay = AbsoluteDecayField.Check(absoluteDecay);
        Adabound = adabound;
        ClippingMagnitude = ClippingMagnitudeField.Check(clippingMagnitude);
        GradientClippingMagnitude = GradientClippingMagnitudeField.Check(gradientClippingMagnitude);
        NonMatrixLearningRateFactor = NonMatrixLearningRateFactorField.Check(nonMatrixLearningRateFactor);
        NonMatrixL2Reg = NonMatrixL2RegField.Check(nonMatrixL2Reg);
        OptimizeMatrixParams = optimizeMatrixParams;
        OptimizeNonMatrixParams = optimizeNonMatrixParams;
        SkipZeroGradNonMatrixParams = skipZeroGradNonMatrixParams;
    }

    /// <summary>The base step size ("learning_rate", default 1e-3).</summary>
    public float LearningRate { get; }

    /// <summary>The first moment's decay ("beta1", default 0.9).</summary>
    public float Beta1 { get; }

    /// <summary>The second moment's decay ("beta2", default 0.999).</summary>
    public float Beta2 { get; }

    /// <summary>Added to √(second moment) ("epsilon", default 1e-8).</summary>
    public float Epsilon { get; }

    /// <summary>L2 regularisation of matrix parameters, added to the gradient ("l2_reg", default 1e-8).</summary>
    public float L2Reg { get; }

    /// <summary>Weight decay as a fraction of the weight, times the learning rate ("relative_decay", default 0).</summary>
    public float RelativeDecay { get; }

    /// <summary>Weight decay as an amount, times the learning rate ("absolute_decay", default 0).</summary>
    public float AbsoluteDecay { get; }

    /// <summary>Whether the step size is bounded as in AdaBound ("adabound", default false).</summary>
    public bool Adabound { get; }

    /// <summary>Clamps weights to ±this after each step; 0 disables ("clipping_magnitude", default 0).</summary>
    public float ClippingMagnitude { get; }

    /// <summary>Clamps gradients to ±this; 0 disables ("gradient_clipping_magnitude", default 0).</summary>
    public float GradientClippingMagnitude { get; }

    /// <summary>Multiplies the learning rate of non-matrix parameters ("non_matrix_learning_rate_factor", default 1).</summary>
    public float NonMatrixLearningRateFactor { get; }

    /// <summary>L2 regularisation of non-matrix parameters ("non_matrix_l2_reg", default 0).</summary>
    public float NonMatrixL2Reg { get; }

    /// <summary>Whether matrix parameters are updated ("optimize_matrix_params", default true).</summary>
    public bool OptimizeMatrixParams { get; }

    /// <summary>Whether non-matrix parameters are updated ("optimize_non_matrix_params", default true).</summary>
    public bool OptimizeNonMatrixParams { get; }

    /// <summary>Whether non-matrix parameters with a zero gradient skip the step, moments included ("skip_zero_grad_non_matrix_params", default true).</summary>
    public bool SkipZeroGradNonMatrixParams { get; }

    internal static AdamOptimizerConfig Parse(ConfigObject json)
    {
        var learningRate = json.Float(LearningRateField, 1e-3f);
        var beta1 = json.Float(Beta1Field, 0.9f);
        var beta2 = json.Float(Beta2Field, 0.999f);
        var epsilon = json.Float(EpsilonField, 1e-8f);
        var l2Reg = json.Float(L2RegField, 1e-8f);
        var relativeDecay = json.Float(RelativeDecayField, 0f);
        var absoluteDecay = json.Float(AbsoluteDecayField, 0f);
        var adabound = json.Bool("adabound", false);
        var clippingMagnitude = json.Float(ClippingMagnitudeField, 0f);
        var gradientClippingMagnitude = json.Float(GradientClippingMagnitudeField, 0f);
        var nonMatrixLearningRateFactor = json.Float(NonMatrixLearningRateFactorField, 1f);
        var nonMatrixL2Reg = json.Float(NonMatrixL2RegField, 0f);
        var optimizeMatrixParams = json.Bool("optimize_matrix_params", true);
        var optimizeNonMatrixParams = json.Bool("optimize_non_matrix_params", true);
        var skipZeroGradNonMatrixParams = json.Bool("skip_zero_grad_non_matrix_params", true);
        json.RejectUnknown();
        return json.Build(() => new AdamOptimizerConfig(
            learningRate, beta1, beta2, epsilon, l2Reg, relativeDecay, absoluteDecay, adabound, clippingMagnitude,
            gradientClippingMagnitude, nonMatrixLearningRateFactor, nonMatrixL2Reg, optimizeMatrixParams,
            optimizeNonMatrixParams, skipZeroGradNonMatrixParams));
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("otype", "Adam");
        writer.WriteNumber("learning_rate", LearningRate);
        writer.WriteNumber("beta1", Beta1);
        writer.WriteNumber("beta2", Beta2);
        writer.WriteNumber("epsilon", Epsilon);
        writer.WriteNumber("l2_reg", L2Reg);
        writer.WriteNumber("relative_decay", RelativeDecay);
        writer.WriteNumber("absolute_decay", AbsoluteDecay);
        writer.WriteBoolean("adabound", Adabound);
        writer.WriteNumber("clipping_magnitude", ClippingMagnitude);
        writer.WriteNumber("gradient_clipping_magnitude", GradientClippingMagnitude);
        writer.WriteNumber("non_matrix_learning_rate_factor", NonMatrixLearningRateFactor);
        writer.WriteNumber("non_matrix_l2_reg", NonMatrixL2Reg);
        writer.WriteBoolean("optimize_matrix_params", OptimizeMatrixParams);
        writer.WriteBoolean("optimize_non_matrix_params", OptimizeNonMatrixParams);
        writer.WriteBoolean("skip_zero_grad_non_matrix_params", SkipZeroGradNonMatrixParams);
    }
}
