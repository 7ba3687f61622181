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
    string Activation, string OutputActivation) : IGeneratedType;

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
    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        DeclarationPipeline.Register<FusedNetworkModel>(context, AttributeMetadataName, TrackingNames.FusedNetworks,
            static node => node is ClassDeclarationSyntax, Extract, ".FusedNetwork.g.cs", Emit);

    private static Declaration<FusedNetworkModel> Extract(GeneratorAttributeSyntaxContext context)
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
        if (arguments.Length != 4) return new Declaration<FusedNetworkModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));

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
        return new Declaration<FusedNetworkModel>(model, new EquatableArray<DiagnosticInfo>(diagnostics));
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
