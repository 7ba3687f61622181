namespace TinyNN.IO;

/// <summary>A float32 array as a .npy file holds it: its shape and its values in C (row-major) order.</summary>
public sealed class NpyArray
{
    private readonly int[] shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) as an array of shape <paramref name="shape"/>; an empty shape is a scalar.</summary>
    public NpyArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (CheckShape([.. shape.Select(size => (long)size)], out var count) is { } problem)
        {
            throw new ArgumentException(problem, nameof(shape));
        }
        if (count != data.Length)
        {
            throw new ArgumentException($"shape {Format(shape)} holds {count} values but the data has {data.Length}", nameof(data));
        }
        this.shape = [.. shape];
        Data = data;
    }

    /// <summary>The size of each axis, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>The number of axes (0 for a scalar).</summary>
    public int Rank => shape.Length;

    /// <summary>The values in C order: the last axis varies fastest.</summary>
    public float[] Data { get; }

    /// <summary>The shape as messages print it, e.g. "[5, 3]" ("[]" for a scalar).</summary>
    public string ShapeText => Format(shape);

    /// <summary>"[5, 3]" for {5, 3}.</summary>
    internal static string Format<T>(IEnumerable<T> shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>
    /// The product of the sizes in <paramref name="count"/>, or what is wrong with the shape: a negative size, or
    /// more values than a .NET array holds.
    /// </summary>
    internal static string? CheckShape(IReadOnlyList<long> shape, out int count)
    {
        count = 0;
        long product = 1;
        foreach (var size in shape)
        {
            if (size < 0) return $"shape {Format(shape)} has a negative size";
            // Checked at every step (size ≤ Array.MaxLength here), so the product cannot overflow a long.
            if (size > Array.MaxLength || (product *= size) > Array.MaxLength)
            {
                return $"shape {Format(shape)} has more values than a .NET array holds ({Array.MaxLength})";
            }
        }
        count = (int)product;
        return null;
    }
}
