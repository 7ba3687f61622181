using Microsoft.CodeAnalysis;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>Assertions on generator diagnostics: which ID, where the squiggle sits, what the message names.</summary>
internal static class DiagnosticAssert
{
    /// <summary>
    /// Runs the generator over <paramref name="source"/> (as Source0.cs) and returns its only diagnostic, after
    /// checking it has <paramref name="id"/>, that the generator did not throw, and that nothing was emitted
    /// for the invalid declaration.
    /// </summary>
    public static Diagnostic Single(string id, string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.GeneratorResult.Exception);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Empty(run.GeneratedSources);
        return diagnostic;
    }

    /// <summary>
    /// The diagnostic's span covers exactly <paramref name="squiggled"/>: its only occurrence in the source, or its
    /// first after the (unique) text <paramref name="after"/>.
    /// </summary>
    public static void Squiggles(Diagnostic diagnostic, string source, string squiggled, string? after = null)
    {
        var start = after is null ? IndexOfUnique(source, squiggled) : source.IndexOf(squiggled, IndexOfUnique(source, after) + after.Length, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{squiggled}' is not in the test source");
        // Cached diagnostics carry a path and spans, not a SyntaxTree (LocationInfo), so the location is an
        // external-file one: check it through its line span and the source text.
        var lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal("Source0.cs", lineSpan.Path);
        var span = diagnostic.Location.SourceSpan;
        Assert.Equal(squiggled, source.Substring(span.Start, span.Length));
        Assert.Equal(start, span.Start);
        Assert.Equal(source[..start].Count(c => c == '\n'), lineSpan.StartLinePosition.Line);
        Assert.Equal(start - (source.LastIndexOf('\n', Math.Max(0, start - 1)) + 1), lineSpan.StartLinePosition.Character);
    }

    private static int IndexOfUnique(string source, string text)
    {
        var start = source.IndexOf(text, StringComparison.Ordinal);
        Assert.True(start >= 0 && source.IndexOf(text, start + 1, StringComparison.Ordinal) < 0,
            $"'{text}' must occur exactly once in the test source");
        return start;
    }

    /// <summary>The message contains each of <paramref name="parts"/> (the offending code, the type, the reason).</summary>
    public static void MessageNames(Diagnostic diagnostic, params string[] parts)
    {
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in parts) Assert.Contains(part, message);
    }
}
