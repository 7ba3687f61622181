using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;

namespace TinyNN.Generators.Activations;

/// <summary>
/// [Activation] declarations in, f′ and f″ (float32 for kernels, float64 for references) out.
/// Extraction (<c>ActivationGenerator.Extract.cs</c>) builds equatable models; emission
/// (<c>ActivationGenerator.Emit.cs</c>) writes them. Diagnostics flow on their own branch, so reporting never
/// re-triggers code generation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ActivationGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "TinyNN.Activations.ActivationAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeMetadataName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (attributeContext, cancellationToken) => Extract(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Declarations);

        var models = declarations
            .Select(static (declaration, _) => declaration.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Models);
        context.RegisterSourceOutput(models, static (output, model) => output.AddSource(HintName(model), Emit(model)));
        RegisterDeclaredActivations(context, models);

        var diagnostics = declarations
            .Select(static (declaration, _) => declaration.Diagnostics)
            .Where(static diagnostics => !diagnostics.IsEmpty)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        var duplicates = declarations
            .Select(static (declaration, _) => (declaration.ActivationName, declaration.MetadataName))
            .Collect()
            .Select(static (names, _) => FindDuplicates(names))
            .WithTrackingName(TrackingNames.Duplicates);
        // Locations are looked up only when a duplicate exists, so the cached name list carries none.
        context.RegisterSourceOutput(duplicates.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var duplicate in pair.Left) output.ReportDiagnostic(DuplicateDiagnostic(duplicate, pair.Right));
        });
    }

    private static EquatableArray<DuplicateActivation> FindDuplicates(ImmutableArray<(string Name, string MetadataName)> names)
    {
        var first = new Dictionary<string, string>();
        var duplicates = new List<DuplicateActivation>();
        foreach (var (name, metadataName) in names.OrderBy(n => n.MetadataName, System.StringComparer.Ordinal))
        {
            if (name.Length == 0) continue;
            if (first.TryGetValue(name, out var owner)) duplicates.Add(new DuplicateActivation(name, owner, metadataName));
            else first[name] = metadataName;
        }
        return new EquatableArray<DuplicateActivation>(duplicates);
    }

    private static Diagnostic DuplicateDiagnostic(DuplicateActivation duplicate, Compilation compilation)
    {
        var location = compilation.GetTypeByMetadataName(duplicate.SecondMetadataName)?
            .GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeMetadataName)?
            .ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location.None;
        return Diagnostic.Create(DiagnosticDescriptors.DuplicateName, location,
            duplicate.ActivationName, duplicate.FirstMetadataName, duplicate.SecondMetadataName);
    }

    private static string HintName(ActivationModel model) =>
        (model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName + ".Activation.g.cs";
}

/// <summary>Names of the tracked pipeline steps (the incrementality tests assert on them).</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Duplicates = nameof(Duplicates);
    public const string Registrations = nameof(Registrations);
    public const string RegistrationList = nameof(RegistrationList);
    public const string FusedVectors = nameof(FusedVectors);
    public const string FusedVectorTable = nameof(FusedVectorTable);
    public const string ReferencedVectors = nameof(ReferencedVectors);
    public const string ResolvedNetworks = nameof(ResolvedNetworks);
    public const string FusedNetworks = nameof(FusedNetworks);
    public const string FusedBlocks = nameof(FusedBlocks);
    public const string ElementOps = nameof(ElementOps);

    // The declaration pipeline names its models and diagnostics steps after its declarations step.
    public const string FusedVectorsModels = FusedVectors + Models;
    public const string FusedVectorsDiagnostics = FusedVectors + Diagnostics;
    public const string FusedNetworksModels = FusedNetworks + Models;
    public const string FusedNetworksDiagnostics = FusedNetworks + Diagnostics;
    public const string FusedBlocksModels = FusedBlocks + Models;
    public const string FusedBlocksDiagnostics = FusedBlocks + Diagnostics;
    public const string ElementOpsModels = ElementOps + Models;
    public const string ElementOpsDiagnostics = ElementOps + Diagnostics;
}
