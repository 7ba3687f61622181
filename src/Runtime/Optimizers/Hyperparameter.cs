namespace TinyNN.Optimizers;

/// <summary>Range checks for optimizer hyperparameters, with messages that name the tcnn field, value and range.</summary>
internal static class Hyperparameter
{
    /// <summary>A finite value ≥ 0.</summary>
    public static void NonNegative(string optimizer, string field, float value)
    {
        if (!float.IsFinite(value) || value < 0f)
        {
            throw new ArgumentOutOfRangeException(field, $"{optimizer}: {field} must be finite and ≥ 0 (got {value})");
        }
    }

    /// <summary>A value in [0, 1).</summary>
    public static void Fraction(string optimizer, string field, float value)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(field, $"{optimizer}: {field} must be in [0, 1) (got {value})");
        }
    }

    /// <summary>A finite value &gt; 0.</summary>
    public static void Positive(string optimizer, string field, float value)
    {
        if (!float.IsFinite(value) || value <= 0f)
        {
            throw new ArgumentOutOfRangeException(field, $"{optimizer}: {field} must be finite and > 0 (got {value})");
        }
    }
}
