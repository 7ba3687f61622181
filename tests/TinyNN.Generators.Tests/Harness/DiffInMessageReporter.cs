using ApprovalTests.Core;
using Xunit.Sdk;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>
/// Fails a snapshot with the diff in the exception message: CI has no diff tool to launch, and the log is all
/// a reviewer sees. The received file stays on disk (git ignores it) for approving by renaming it.
/// </summary>
internal sealed class DiffInMessageReporter : IApprovalFailureReporter
{
    public static readonly DiffInMessageReporter Instance = new();

    private const int MaxLines = 80;

    public void Report(string approved, string received)
    {
        var receivedText = File.ReadAllText(received);
        var body = File.Exists(approved)
            ? $"Snapshot {Path.GetFileName(approved)} differs from the generated source (- approved, + received):\n" +
              LineDiff.Unified(File.ReadAllText(approved), receivedText, maxLines: MaxLines)
            : $"Snapshot {Path.GetFileName(approved)} does not exist yet; the generated source is:\n" +
              string.Join("\n", receivedText.Split('\n').Take(MaxLines));
        throw new XunitException($"{body}\nIf the change is intended, approve it:\n  mv \"{received}\" \"{approved}\"");
    }
}
