using Microsoft.CodeAnalysis;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Networks;
using TinyNN.Generators.Tests.Networks;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>[FusedNetwork]: no network class re-emitted unless its shape or activations change.</summary>
public sealed class FusedNetworkGeneratorIncrementalityTests : GeneratorIncrementalityTests
{
    protected override string Declarations => """
        using TinyNN.Activations;
        using TinyNN.Networks;

        namespace Demo;

        [FusedNetwork(48, 3, typeof(Softplus), typeof(None))]
        public partial class TooWide;

        [FusedNetwork(64, 3, typeof(Softplus), typeof(None))]
        public partial class SdfNetwork;

        // An SDF network.
        """;

    protected override IReadOnlyList<string> StepNames =>
    [
        TrackingNames.FusedNetworks, TrackingNames.ReferencedVectors, TrackingNames.ResolvedNetworks,
        TrackingNames.FusedNetworksModels, TrackingNames.FusedNetworksDiagnostics,
    ];

    protected override string ModelsStep => TrackingNames.FusedNetworksModels;

    // Below every declaration: a network's declarations step carries its attribute's location (to report a width no
    // [FusedVector] declares), so an edit above a valid network re-runs that step, though its resolved model is unchanged.
    protected override Func<string, string> CommentEdit => text => text
        .Replace("// An SDF network.", "// An SDF network: 64 wide, 3 hidden layers.")
        .Replace("public partial class SdfNetwork;", "public partial class SdfNetwork; // Softplus, linear output\n// End of the declarations.");

    protected override (Func<string, string> Edit, string Emitted) ModelEdit =>
        (text => text.Replace("[FusedNetwork(64, 3,", "[FusedNetwork(64, 2,"), "[FusedNetwork(64, 2,");

    protected override int MinimumModelObjects => 4;

    protected override Compilation CreateCompilation(string source) => NetworkGeneratorHarness.CreateCompilation(source);

    protected override GeneratorDriver CreateDriver() => NetworkGeneratorHarness.CreateDriver(new FusedNetworkGenerator());
}
