namespace TinyNN.Imaging;

/// <summary>The axis a slice plane is perpendicular to.</summary>
public enum SliceAxis
{
    /// <summary>The plane x = position: y to the right, z up.</summary>
    X,

    /// <summary>The plane y = position: x to the right, z up.</summary>
    Y,

    /// <summary>The plane z = position: x to the right, y up.</summary>
    Z,
}
