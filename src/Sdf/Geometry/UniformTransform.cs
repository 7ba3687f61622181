using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>A uniform scale followed by a translation: p ↦ p·<see cref="Scale"/> + <see cref="Translation"/>.</summary>
public readonly record struct UniformTransform
{
    /// <summary>Creates and validates a transform.</summary>
    public UniformTransform(float scale, Vector3 translation)
    {
        if (!(scale > 0 && float.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"transform scale must be finite and > 0 (got {scale})");
        }
        if (!PointBatch.IsFinite(translation))
        {
            throw new ArgumentOutOfRangeException(nameof(translation), $"transform translation must be finite (got {translation})");
        }
        Scale = scale;
        Translation = translation;
    }

    /// <summary>The identity transform.</summary>
    public static UniformTransform Identity => new(1f, Vector3.Zero);

    /// <summary>The uniform scale factor (&gt; 0).</summary>
    public float Scale { get; }

    /// <summary>The translation applied after scaling.</summary>
    public Vector3 Translation { get; }

    /// <summary>Maps a point.</summary>
    public Vector3 Apply(Vector3 point) => point * Scale + Translation;

    /// <summary>The transform that undoes this one.</summary>
    public UniformTransform Inverse => new(1f / Scale, -Translation / Scale);
}
