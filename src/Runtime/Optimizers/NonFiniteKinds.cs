namespace TinyNN.Optimizers;

/// <summary>Which non-finite values a <see cref="NonFiniteCheck"/> saw.</summary>
[Flags]
public enum NonFiniteKinds
{
    /// <summary>All values were finite.</summary>
    None = 0,

    /// <summary>At least one NaN.</summary>
    NaN = 1,

    /// <summary>At least one +∞ or −∞.</summary>
    Infinity = 2,
}
