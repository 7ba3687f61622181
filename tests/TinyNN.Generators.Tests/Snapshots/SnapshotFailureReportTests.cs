using TinyNN.Generators.Tests.Harness;
using Xunit.Sdk;

namespace TinyNN.Generators.Tests.Snapshots;

/// <summary>A failing snapshot must explain itself in the test log: CI has no diff tool and no one to click it.</summary>
public sealed class SnapshotFailureReportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tinynn-snapshot-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void MismatchReportsAUnifiedDiffAndHowToApprove()
    {
        var approved = Write("a.approved.cs", "line 1\nline 2\nreturn t0 * (1f - t0);\nline 4\n");
        var received = Write("a.received.cs", "line 1\nline 2\nreturn t0 - t0 * t0;\nline 4\n");

        var failure = Assert.Throws<XunitException>(() => DiffInMessageReporter.Instance.Report(approved, received));

        Assert.Contains("@@ approved line 1, received line 1 @@\n line 1\n line 2\n-return t0 * (1f - t0);\n+return t0 - t0 * t0;\n line 4\n", failure.Message);
        Assert.Contains($"mv \"{received}\" \"{approved}\"", failure.Message);
    }

    [Fact]
    public void MissingApprovedFileReportsTheReceivedText()
    {
        var received = Write("b.received.cs", "partial struct B { }\n");

        var failure = Assert.Throws<XunitException>(() => DiffInMessageReporter.Instance.Report(Path.Combine(directory, "b.approved.cs"), received));

        Assert.Contains("does not exist yet", failure.Message);
        Assert.Contains("partial struct B { }", failure.Message);
    }

    [Fact]
    public void DistantChangesGetSeparateHunks()
    {
        var approved = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i}"));
        var received = approved.Replace("line 3\n", "line three\n").Replace("line 27\n", "line twenty-seven\n");

        var diff = LineDiff.Unified(approved, received);

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@")));
        Assert.Contains("@@ approved line 24, received line 24 @@", diff);
        Assert.DoesNotContain(" line 15", diff);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
