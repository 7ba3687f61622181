namespace TinyNN.Tests.Alignment;

/// <summary>A theory that compares against PyTorch; skipped, with the reason, when TINYNN_SKIP_ALIGNMENT=1.</summary>
public sealed class AlignmentTheoryAttribute : TheoryAttribute
{
    public AlignmentTheoryAttribute()
    {
        if (AlignmentTools.SkipRequested) Skip = $"{AlignmentTools.SkipVariable}=1: PyTorch alignment skipped on request";
    }
}
