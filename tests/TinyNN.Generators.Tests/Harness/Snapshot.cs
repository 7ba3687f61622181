using System.Runtime.CompilerServices;
using ApprovalTests;
using ApprovalTests.Namers;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>ApprovalTests set up for generated C#: one <c>.approved.cs</c> file per scenario, failures carry the diff.</summary>
internal static class Snapshot
{
    /// <summary>
    /// Compares <paramref name="text"/> with <c>Class.Method.scenario.approved.cs</c> beside the calling test's
    /// source. NamerFactory.AdditionalInformation is AsyncLocal in ApprovalTests 7, so parallel tests keep their own.
    /// </summary>
    public static void Verify(string text, string scenario)
    {
        NamerFactory.AdditionalInformation = scenario;
        try
        {
            Approvals.Verify(new ApprovalTextWriter(text, "cs"), Approvals.GetDefaultNamer(), DiffInMessageReporter.Instance);
        }
        finally
        {
            NamerFactory.Clear();
        }
    }

    /// <summary>The folder of the calling source file, where its approved files live.</summary>
    public static string DirectoryOf([CallerFilePath] string callerFile = "") => Path.GetDirectoryName(callerFile)!;
}
