using System.Text.RegularExpressions;

namespace TinyNN.Package.Tests;

/// <summary>
/// docs/usage.md as a program: each <c>csharp</c> block follows a <c>&lt;!-- file: NAME --&gt;</c> marker, and the
/// blocks of one file, in order, are that file's source.
/// </summary>
public static partial class UsageGuide
{
    /// <summary>The guide, copied beside the test assembly from docs/usage.md.</summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "usage.md");

    /// <summary>Each file's source, in the order the files first appear.</summary>
    /// <exception cref="InvalidDataException">A csharp block has no file marker (it would go untested).</exception>
    public static Dictionary<string, string> Files(string markdown)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var blocks = CSharpBlock().Matches(markdown);
        if (blocks.Count == 0) throw new InvalidDataException("the guide has no csharp block");
        foreach (Match block in blocks)
        {
            if (!block.Groups["file"].Success)
            {
                var line = markdown[..block.Index].Count(c => c == '\n') + 1;
                throw new InvalidDataException($"the csharp block at line {line} of usage.md has no '<!-- file: NAME -->' marker before it");
            }
            var name = block.Groups["file"].Value;
            files[name] = (files.TryGetValue(name, out var before) ? before + "\n" : "") + block.Groups["code"].Value;
        }
        return files;
    }

    [GeneratedRegex(@"(?:<!-- file: (?<file>[\w.]+) -->\r?\n)?```csharp\r?\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
