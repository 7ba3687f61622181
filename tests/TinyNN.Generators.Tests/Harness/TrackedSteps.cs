using System.Reflection;
using Microsoft.CodeAnalysis;
using TinyNN.Generators.Activations;

namespace TinyNN.Generators.Tests.Harness;

/// <summary>Reads the generator's named pipeline steps out of a tracked run.</summary>
internal static class TrackedSteps
{
    /// <summary>
    /// Every name in <see cref="TrackingNames"/>, read by reflection so a new step is covered without editing tests.
    /// The class is shared by all TinyNN generators; a run reports only the names its generator uses.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>The named steps of a run (a name may be absent when nothing flowed through it).</summary>
    public static IEnumerable<(string Name, IncrementalGeneratorRunStep Step)> Named(GeneratorRunResult result) =>
        Names.Where(result.TrackedSteps.ContainsKey).SelectMany(name => result.TrackedSteps[name].Select(step => (name, step)));

    /// <summary>The source-output steps (what the generator hands the compiler).</summary>
    public static IEnumerable<(string Name, IncrementalGeneratorRunStep Step)> Outputs(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(pair => pair.Value.Select(step => (pair.Key, step)));

    /// <summary>Fails naming every step output whose reason is neither Cached nor Unchanged.</summary>
    public static void AssertAllCachedOrUnchanged(IEnumerable<(string Name, IncrementalGeneratorRunStep Step)> steps)
    {
        var recomputed = steps
            .SelectMany(s => s.Step.Outputs.Select((output, i) => (s.Name, Index: i, output.Reason)))
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => $"{o.Name}[{o.Index}]: {o.Reason}")
            .ToList();
        Assert.True(recomputed.Count == 0, "Steps produced new values on a run that changed nothing they read:\n" + string.Join("\n", recomputed));
    }
}
