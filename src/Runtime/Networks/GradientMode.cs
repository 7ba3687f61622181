namespace TinyNN.Networks;

/// <summary>What a pass does with the parameter-gradient buffer (tcnn's GradientMode).</summary>
public enum GradientMode
{
    /// <summary>Leave it untouched (input gradients only).</summary>
    Ignore,
    /// <summary>Replace its contents.</summary>
    Overwrite,
    /// <summary>Add to its contents.</summary>
    Accumulate,
}
