namespace TinyNN.Tests.Alignment;

/// <summary>A fact that needs PyTorch; skipped, with the reason, when TINYNN_SKIP_ALIGNMENT=1.</summary>
public sealed class AlignmentFactAttribute : FactAttribute
{
    public AlignmentFactAttribute()
    {
        if (AlignmentTools.SkipRequested) Skip = $"{AlignmentTools.SkipVariable}=1: PyTorch alignment skipped on request";
    }
}
