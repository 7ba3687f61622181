namespace TinyNN.Configs;

/// <summary>The losses TinyNN implements: tcnn's [include/tiny-cuda-nn/losses/] less three, plus Huber.</summary>
public enum LossKind
{
    /// <summary>"L1": |y − t|.</summary>
    L1,

    /// <summary>"L2": (y − t)².</summary>
    L2,

    /// <summary>"RelativeL1": |y − t| normalised by the prediction.</summary>
    RelativeL1,

    /// <summary>"RelativeL2" (tcnn's default): (y − t)² normalised by the squared prediction.</summary>
    RelativeL2,

    /// <summary>"MAPE": |y − t| normalised by the target.</summary>
    Mape,

    /// <summary>"SMAPE": |y − t| normalised by the mean of prediction and target.</summary>
    Smape,

    /// <summary>"Huber" (TinyNN's, not in tcnn): quadratic within delta of the target, linear beyond.</summary>
    Huber,
}
