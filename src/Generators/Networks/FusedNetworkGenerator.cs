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
    string Activation, string OutputActivation);

/// <summary>The outcome of reading one declaration: a model when valid, diagnostics otherwise.</summary>
internal sealed record FusedNetworkDeclaration(FusedNetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

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
            .ForAttributeWithMetadataName(AttributeMetadataName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (attributeContext, _) => Extract(attributeContext))
            .WithTrackingName(TrackingNames.FusedNetworks);

        var models = declarations
            .Select(static (d, _) => d.Model)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!);
        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource((model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName + ".FusedNetwork.g.cs", Emit(model)));

        var diagnostics = declarations.Select(static (d, _) => d.Diagnostics).Where(static d => !d.IsEmpty);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static FusedNetworkDeclaration Extract(GeneratorAttributeSyntaxContext context)
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
        if (arguments.Length != 4) return new FusedNetworkDeclaration(null, new EquatableArray<DiagnosticInfo>(diagnostics));

        var width = arguments[0].Value as int? ?? 0;
        var hiddenLayers = arguments[1].Value as int? ?? 0;
        if (!FusedVectorGenerator.SupportedWidths.Contains(width))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedNetworkShape, attributeSyntax, type.Name,
                $"width must be 16, 32, 64 or 128 (got {width}); use Mlp for other widths"));
        }
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
        return new FusedNetworkDeclaration(model, new EquatableArray<DiagnosticInfo>(diagnostics));
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
