using Microsoft.CodeAnalysis;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>[Activation]: no derivative formed again and no registration file re-emitted unless a formula changes.</summary>
public sealed class ActivationGeneratorIncrementalityTests : GeneratorIncrementalityTests
{
    private const string SwishForwardLine = "public static float Forward(float x) => x / (1f + MathF.Exp(-Beta * x));\n";
    private const string BrokenForwardLine = "public static float Forward(float x) => MathF.Atan(x);\n";

    // One valid activation and one with a diagnostic, so the model and the diagnostics branches both carry values.
    protected override string Declarations => """
        using TinyNN.Activations;

        namespace Users;

        [Activation("Broken")]
        public partial struct Broken
        {
            public static float Forward(float x) => MathF.Atan(x);
        }

        [Activation("Swish", Order = 20)]
        public partial struct Swish
        {
            public const float Beta = 1.5f;

            public static float Forward(float x) => x / (1f + MathF.Exp(-Beta * x));
        }
        """;

    protected override string EveryStepSource => """

        [Activation("Swish")]
        public partial struct SwishAgain
        {
            public static float Forward(float x) => x;
        }
        """;

    protected override IReadOnlyList<string> StepNames =>
    [
        TrackingNames.Declarations, TrackingNames.Models, TrackingNames.Diagnostics, TrackingNames.Duplicates,
        TrackingNames.Registrations, TrackingNames.RegistrationList,
    ];

    protected override string ModelsStep => TrackingNames.Models;

    // After Forward, so the Broken diagnostic's span stays put: an edit above it must move the reported location.
    protected override Func<string, string> CommentEdit => text => text
        .Replace(SwishForwardLine, SwishForwardLine + "\n    // Swish with a learnable Beta would be a parameter, not a const.\n")
        .Replace(BrokenForwardLine, BrokenForwardLine + "    // TODO: atan has no rule yet.\n");

    protected override (Func<string, string> Edit, string Emitted) ModelEdit =>
        (text => text.Replace("-Beta * x", "-2f * Beta * x"), "2f * Beta");

    // The Swish formulas' expression trees alone are well over a hundred objects.
    protected override int MinimumModelObjects => 100;

    protected override Compilation CreateCompilation(string source) => GeneratorHarness.CreateCompilation(source);

    protected override GeneratorDriver CreateDriver() => GeneratorHarness.CreateDriver();
}
