using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;

namespace TinyNN.Generators.Networks;

/// <summary>A [FusedNetwork(...)] declaration as plain values (activation types as fully qualified names).</summary>
internal sealed record FusedNetworkModel(string? Namespace, string TypeName, string Accessibility, int Width, int HiddenLayers,
    string Activation, string OutputActivation, string VectorType = "") : IGeneratedType;

/// <summary>A declaration before its width is resolved against the declared vectors, with where to report a bad width.</summary>
internal sealed record UnresolvedNetwork(Declaration<FusedNetworkModel> Declaration, string TypeName, LocationInfo? AttributeLocation);

/// <summary>
/// [FusedNetwork(width, hiddenLayers, typeof(Activation), typeof(OutputActivation))] on a partial class in, that
/// class as an IFusedNetwork out: its shape, activations and the three fused kernels closed over the width's
/// unrolled register vector (see <see cref="FusedVectorGenerator"/>) and the two activation structs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FusedNetworkGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "TinyNN.Networks.FusedNetworkAttribute";
    private const string ActivationAttributeName = "TinyNN.Activations.ActivationAttribute";
    private const string ActivationInterfaceName = "TinyNN.Activations.IActivation";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeMetadataName, static (node, _) => node is ClassDeclarationSyntax, static (c, _) => Extract(c))
            .WithTrackingName(TrackingNames.FusedNetworks);
        // The widths a network may have: the [FusedVector] structs of this compilation and of the assemblies it references.
        var referenced = context.CompilationProvider
            .Select(static (compilation, _) => FusedVectorTable.FromReferences(compilation))
            .WithTrackingName(TrackingNames.ReferencedVectors);
        var own = context.SyntaxProvider
            .ForAttributeWithMetadataName(FusedVectorGenerator.AttributeMetadataName, static (node, _) => node is StructDeclarationSyntax, static (c, _) =>
                new DeclaredVector(c.Attributes[0].ConstructorArguments.FirstOrDefault().Value as int? ?? 0,
                    ((INamedTypeSymbol)c.TargetSymbol).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)))
            .Collect();
        var vectors = referenced.Combine(own)
            .Select(static (pair, _) => new EquatableArray<DeclaredVector>(pair.Right.Where(v => FusedVectorTable.IsValidWidth(v.Width)).Concat(pair.Left)));
        var resolved = declarations.Combine(vectors)
            .Select(static (pair, _) => Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolvedNetworks);
        DeclarationPipeline.Register(context, resolved, TrackingNames.FusedNetworks, ".FusedNetwork.g.cs", Emit);
    }

    /// <summary>The declaration with its width's vector struct, or TNN0009 when no [FusedVector] is declared for the width.</summary>
    private static Declaration<FusedNetworkModel> Resolve(UnresolvedNetwork network, EquatableArray<DeclaredVector> vectors)
    {
        var model = network.Declaration.Model;
        if (model is null) return network.Declaration;
        for (var i = 0; i < vectors.Length; i++)
        {
            if (vectors[i].Width == model.Width) return new Declaration<FusedNetworkModel>(model with { VectorType = vectors[i].Type }, network.Declaration.Diagnostics);
        }
        var widths = FusedVectorTable.Describe(Enumerable.Range(0, vectors.Length).Select(i => vectors[i].Width));
        var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.UnsupportedNetworkShape, network.AttributeLocation, new EquatableArray<string>([network.TypeName,
            $"width must be one a [FusedVector] struct is declared for: {widths} (got {model.Width}); declare [FusedVector({model.Width})] or use Mlp for other widths"]));
        return new Declaration<FusedNetworkModel>(null, new EquatableArray<DiagnosticInfo>([diagnostic]));
    }

    private static UnresolvedNetwork Extract(GeneratorAttributeSyntaxContext context)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (ClassDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax();
        var arguments = attribute.ConstructorArguments;
        var diagnostics = new List<DiagnosticInfo>();

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null || type.IsGenericType)
        {
            var why = !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) ? "add the 'partial' modifier"
                : type.ContainingType is not null ? $"it is nested in '{type.ContainingType.Name}'" : "it is generic";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkNotPartial, syntax.Identifier.GetLocation(), type.Name, why));
        }
        // A constructor argument that does not bind (a typo) leaves the attribute with errors; the compiler reports those.
        var location = attributeSyntax is null ? null : LocationInfo.From(attributeSyntax);
        if (arguments.Length != 4) return new UnresolvedNetwork(new Declaration<FusedNetworkModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics)), type.Name, location);

        var width = arguments[0].Value as int? ?? 0;
        var hiddenLayers = arguments[1].Value as int? ?? 0;
        if (hiddenLayers < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedNetworkShape, attributeSyntax, type.Name,
                $"hidden layers must be ≥ 1 (got {hiddenLayers})"));
        }
        var activation = ActivationName(arguments[2], "activation", type.Name, attributeSyntax, diagnostics);
        var outputActivation = ActivationName(arguments[3], "output activation", type.Name, attributeSyntax, diagnostics);

        var model = diagnostics.Count > 0 || activation is null || outputActivation is null ? null : new FusedNetworkModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            width,
            hiddenLayers,
            activation!,
            outputActivation!);
        return new UnresolvedNetwork(new Declaration<FusedNetworkModel>(model, new EquatableArray<DiagnosticInfo>(diagnostics)), type.Name, location);
    }

    /// <summary>
    /// The fully qualified name of an activation struct. A struct of the same project counts by its [Activation]
    /// attribute: its IActivation implementation is generated, and generators do not see each other's output.
    /// </summary>
    private static string? ActivationName(TypedConstant argument, string role, string network, SyntaxNode? location, List<DiagnosticInfo> diagnostics)
    {
        var symbol = argument.Value as INamedTypeSymbol;
        var isActivation = symbol is { TypeKind: TypeKind.Struct }
            && (symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ActivationAttributeName)
                || symbol.AllInterfaces.Any(i => i.ToDisplayString() == ActivationInterfaceName));
        if (isActivation) return symbol!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        // A type that does not bind is the compiler's error to report (CS0246); a second message would only confuse.
        if (symbol is { TypeKind: TypeKind.Error }) return null;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAnActivation, location, network, role,
            symbol?.ToDisplayString() ?? argument.Value?.ToString() ?? "null"));
        return null;
    }
}
