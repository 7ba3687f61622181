using System.Text;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>A unified-style line diff (LCS-based), so a failing snapshot shows what changed without a diff tool.</summary>
internal static class LineDiff
{
    /// <summary>Lines prefixed with ' ', '-' (approved only) or '+' (received only), in hunks with a few lines of context.</summary>
    public static string Unified(string approved, string received, int context = 3, int maxLines = 80)
    {
        var a = SplitLines(approved);
        var b = SplitLines(received);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        var written = 0;
        var lastPrinted = -1;
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ') continue;
            // Print the context before this change (not already printed), the change, then continue.
            var start = Math.Max(lastPrinted + 1, i - context);
            if (start > lastPrinted + 1 || lastPrinted < 0)
            {
                var (approvedLine, receivedLine) = LineNumbers(edits, start);
                output.Append("@@ approved line ").Append(approvedLine).Append(", received line ").Append(receivedLine).Append(" @@\n");
            }
            var end = i;
            // Extend the hunk while changes are within 2*context lines of each other.
            for (var j = i; j < edits.Count && j <= end + 2 * context; j++)
            {
                if (edits[j].Kind != ' ') end = j;
            }
            var stop = Math.Min(edits.Count - 1, end + context);
            for (var k = start; k <= stop; k++)
            {
                if (written++ == maxLines)
                {
                    output.Append("... (diff truncated)\n");
                    return output.ToString();
                }
                output.Append(edits[k].Kind).Append(edits[k].Text).Append('\n');
            }
            lastPrinted = stop;
            i = stop;
        }
        return output.ToString();
    }

    private readonly record struct Edit(char Kind, string Text);

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

    private static (int Approved, int Received) LineNumbers(List<Edit> edits, int index)
    {
        int approved = 1, received = 1;
        for (var i = 0; i < index; i++)
        {
            if (edits[i].Kind != '+') approved++;
            if (edits[i].Kind != '-') received++;
        }
        return (approved, received);
    }

    private static List<Edit> Edits(string[] a, string[] b)
    {
        // lcs[i, j] = length of the longest common subsequence of a[i..] and b[j..]; snapshots are a few hundred lines.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { edits.Add(new(' ', a[x])); x++; y++; }
            // Deletions first, as diff -u prints them.
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(new('-', a[x])); x++; }
            else { edits.Add(new('+', b[y])); y++; }
        }
        return edits;
    }
}
