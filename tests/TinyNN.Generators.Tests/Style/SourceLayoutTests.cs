using System.Text;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Style;

/// <summary>
/// The .editorconfig's whitespace conventions that the build's code-style analyzers do not check: every C# file under
/// src/, tests/ and benchmarks/ ends with one newline, uses LF line endings and has no trailing whitespace; src/ has no
/// tabs. (Raw strings in tests may hold tabs on purpose, as test data.) Generated snapshots are kept byte for byte.
/// </summary>
public sealed class SourceLayoutTests
{
    private static readonly string[] Roots = ["src", "tests", "benchmarks"];

    public static TheoryData<string> SourceFiles => new(Roots
        .Select(root => Path.Combine(GeneratorHarness.RepositoryRoot, root))
        .Where(Directory.Exists)
        .SelectMany(root => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        .Select(path => Path.GetRelativePath(GeneratorHarness.RepositoryRoot, path).Replace('\\', '/'))
        .Where(path => !path.Split('/').Any(part => part is "bin" or "obj") && !path.EndsWith(".approved.cs", StringComparison.Ordinal)
            && !path.EndsWith(".received.cs", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    [Fact]
    public void TheFileListIsNotEmpty()
    {
        // Otherwise a moved repository root would make every layout test vacuous.
        Assert.True(SourceFiles.Count > 100, $"only {SourceFiles.Count} C# files found under {GeneratorHarness.RepositoryRoot}");
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void FileFollowsTheWhitespaceConventions(string path)
    {
        Assert.Empty(Violations(path, File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, path), Encoding.UTF8)));
    }

    [Fact]
    public void ViolationsAreFound()
    {
        // The check itself: each convention broken once is reported once.
        Assert.Equal(
            ["src/X.cs:1: CR line ending", "src/X.cs:2: trailing whitespace", "src/X.cs:3: tab", "src/X.cs: no final newline"],
            Violations("src/X.cs", "a\r\nb \n\tc\nd"));
        Assert.Equal(["src/X.cs: more than one final newline"], Violations("src/X.cs", "a\n\n"));
        Assert.Empty(Violations("tests/X.cs", "\"\"\"\n\tdata\n\"\"\"\n"));
    }

    /// <summary>Each broken convention of <paramref name="text"/>, as "path:line: what" (or "path: what" for the whole file).</summary>
    internal static List<string> Violations(string path, string text)
    {
        var violations = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (line.EndsWith('\r')) violations.Add($"{path}:{i + 1}: CR line ending");
            var content = line.TrimEnd('\r');
            if (content.Length > 0 && char.IsWhiteSpace(content[^1])) violations.Add($"{path}:{i + 1}: trailing whitespace");
            if (path.StartsWith("src/", StringComparison.Ordinal) && content.Contains('\t')) violations.Add($"{path}:{i + 1}: tab");
        }
        if (text.Length > 0 && !text.EndsWith('\n')) violations.Add($"{path}: no final newline");
        if (text.EndsWith("\n\n", StringComparison.Ordinal)) violations.Add($"{path}: more than one final newline");
        return violations;
    }
}
