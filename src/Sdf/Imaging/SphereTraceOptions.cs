namespace TinyNN.Imaging;

/// <summary>How <see cref="SphereTracer"/> marches rays.</summary>
public sealed record SphereTraceOptions
{
    /// <summary>The most steps a ray takes; a ray still marching after them counts as a miss.</summary>
    public int MaxSteps { get; init; } = 256;

    /// <summary>Each step advances this fraction of the distance value: below 1 because a learned SDF is not an exact distance.</summary>
    public float StepScale { get; init; } = 0.9f;

    /// <summary>A ray hits where the distance value falls below this.</summary>
    public float HitThreshold { get; init; } = 1e-3f;

    /// <summary>Rays are traced only inside the box [−BoxExtent, BoxExtent]³, where the SDF was trained.</summary>
    public float BoxExtent { get; init; } = 1;

    /// <summary>Half-width of the central differences that give the surface normal.</summary>
    public float NormalStep { get; init; } = 1e-3f;

    /// <summary>Fraction of light that reaches surfaces facing away from the light.</summary>
    public float Ambient { get; init; } = 0.25f;

    internal void Validate()
    {
        if (MaxSteps is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(MaxSteps), $"sphere-trace MaxSteps must be 1..100000 (got {MaxSteps})");
        if (!(StepScale > 0 && StepScale <= 1)) throw new ArgumentOutOfRangeException(nameof(StepScale), $"sphere-trace StepScale must be in (0, 1] (got {StepScale})");
        Positive(HitThreshold, nameof(HitThreshold));
        Positive(BoxExtent, nameof(BoxExtent));
        Positive(NormalStep, nameof(NormalStep));
        if (!(Ambient >= 0 && Ambient <= 1)) throw new ArgumentOutOfRangeException(nameof(Ambient), $"sphere-trace Ambient must be in [0, 1] (got {Ambient})");
    }

    private static void Positive(float value, string name)
    {
        if (!(value > 0) || !float.IsFinite(value)) throw new ArgumentOutOfRangeException(name, $"sphere-trace {name} must be a positive finite number (got {value})");
    }
}
