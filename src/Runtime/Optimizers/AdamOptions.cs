namespace TinyNN.Optimizers;

/// <summary>
/// Adam's hyperparameters with tcnn's names (in brackets) and defaults [optimizers/adam.h]. Parameters before the
/// optimizer's matrix parameter count are "matrix" weights (tcnn: the network's layers); the rest (e.g. a hash
/// grid's table) are "non-matrix" parameters with their own learning-rate factor, L2 term and zero-gradient skip.
/// </summary>
public sealed record AdamOptions
{
    /// <summary>[learning_rate] Step size before bias correction.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>[beta1] Decay of the first-moment average, in [0, 1).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>[beta2] Decay of the second-moment average, in [0, 1).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>[epsilon] Added to √v (not bias-corrected, as in tcnn).</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>[l2_reg] L2 regularisation of matrix weights, added to the gradient: g += l2_reg·w.</summary>
    public float L2Reg { get; init; } = 1e-8f;

    /// <summary>[relative_decay] Decoupled weight decay w ← (1 − relative_decay·lr)·w, lr bias-corrected.</summary>
    public float RelativeDecay { get; init; }

    /// <summary>[absolute_decay] Decoupled decay towards 0: w ← w − sign(w)·absolute_decay·lr.</summary>
    public float AbsoluteDecay { get; init; }

    /// <summary>[adabound] Clamp the per-parameter step size to AdaBound's bounds (0.1 ∓ 0.1 / ((1 − β₂)·step + …)).</summary>
    public bool AdaBound { get; init; }

    /// <summary>[clipping_magnitude] Clamp weights to ±this after each step; 0 turns it off.</summary>
    public float ClippingMagnitude { get; init; }

    /// <summary>[gradient_clipping_magnitude] Clamp gradients to ±this before the moments; 0 turns it off.</summary>
    public float GradientClippingMagnitude { get; init; }

    /// <summary>[non_matrix_learning_rate_factor] Learning-rate factor of non-matrix parameters.</summary>
    public float NonMatrixLearningRateFactor { get; init; } = 1f;

    /// <summary>[non_matrix_l2_reg] L2 regularisation of non-matrix parameters.</summary>
    public float NonMatrixL2Reg { get; init; }

    /// <summary>[optimize_matrix_params] Update matrix weights.</summary>
    public bool OptimizeMatrixParams { get; init; } = true;

    /// <summary>[optimize_non_matrix_params] Update non-matrix parameters.</summary>
    public bool OptimizeNonMatrixParams { get; init; } = true;

    /// <summary>
    /// [skip_zero_grad_non_matrix_params] Leave a non-matrix parameter whose gradient is exactly 0 untouched, moments
    /// and step count included (hash-grid entries no sample touched).
    /// </summary>
    public bool SkipZeroGradNonMatrixParams { get; init; } = true;

    /// <summary>Throws for a value out of range, naming the tcnn field.</summary>
    internal void Validate()
    {
        const string adam = "Adam";
        Hyperparameter.NonNegative(adam, "learning_rate", LearningRate);
        Hyperparameter.Fraction(adam, "beta1", Beta1);
        Hyperparameter.Fraction(adam, "beta2", Beta2);
        Hyperparameter.NonNegative(adam, "epsilon", Epsilon);
        Hyperparameter.NonNegative(adam, "l2_reg", L2Reg);
        Hyperparameter.NonNegative(adam, "relative_decay", RelativeDecay);
        Hyperparameter.NonNegative(adam, "absolute_decay", AbsoluteDecay);
        Hyperparameter.NonNegative(adam, "clipping_magnitude", ClippingMagnitude);
        Hyperparameter.NonNegative(adam, "gradient_clipping_magnitude", GradientClippingMagnitude);
        Hyperparameter.NonNegative(adam, "non_matrix_learning_rate_factor", NonMatrixLearningRateFactor);
        Hyperparameter.NonNegative(adam, "non_matrix_l2_reg", NonMatrixL2Reg);
    }
}
