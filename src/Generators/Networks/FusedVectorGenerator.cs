using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;
using TinyNN.Generators.Activations;

namespace TinyNN.Generators.Networks;

/// <summary>A [FusedVector(width)] declaration as plain values.</summary>
internal sealed record FusedVectorModel(string? Namespace, string TypeName, int Width);

/// <summary>The outcome of reading one declaration: a model when valid, diagnostics otherwise.</summary>
internal sealed record FusedVectorDeclaration(FusedVectorModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// [FusedVector(width)] in, a register vector with fully unrolled layer operations out: the per-width half of a
/// fused MLP. The passes themselves are written once against IFusedVector and specialised by ILGPU.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FusedVectorGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "TinyNN.Networks.FusedVectorAttribute";

    /// <summary>Widths the fused kernels support (tcnn's FullyFusedMLP set).</summary>
    internal static readonly int[] SupportedWidths = [16, 32, 64, 128];

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeMetadataName,
                predicate: static (node, _) => node is StructDeclarationSyntax,
                transform: static (attributeContext, _) => Extract(attributeContext))
            .WithTrackingName(TrackingNames.FusedVectors);

        var models = declarations
            .Select(static (d, _) => d.Model)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!);
        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource((model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName + ".FusedVector.g.cs", FusedVectorGenerator.Emit(model)));

        var diagnostics = declarations.Select(static (d, _) => d.Diagnostics).Where(static d => !d.IsEmpty);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static FusedVectorDeclaration Extract(GeneratorAttributeSyntaxContext context)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (StructDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var width = attribute.ConstructorArguments.FirstOrDefault().Value as int? ?? 0;
        var diagnostics = new List<DiagnosticInfo>();
        if (!SupportedWidths.Contains(width))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedWidth, attribute.ApplicationSyntaxReference?.GetSyntax(), width.ToString()));
        }
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name,
                type.ContainingType is null ? "add the 'partial' modifier" : $"it is nested in '{type.ContainingType.Name}'"));
        }
        var model = diagnostics.Count > 0 ? null : new FusedVectorModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(), type.Name, width);
        return new FusedVectorDeclaration(model, new EquatableArray<DiagnosticInfo>(diagnostics));
    }
}
