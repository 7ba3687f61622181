using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;

namespace TinyNN.Generators.Networks;

/// <summary>A [FusedBlock(rows, columns)] declaration as plain values.</summary>
internal sealed record FusedBlockModel(string? Namespace, string TypeName, int Rows, int Columns);

/// <summary>The outcome of reading one declaration: a model when valid, diagnostics otherwise.</summary>
internal sealed record FusedBlockDeclaration(FusedBlockModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// [FusedBlock(rows, columns)] in, a thread's register block of the GPU's tiled products out: the unrolled product
/// step, elementwise step and stores that the tiled MLP passes and the parameter-gradient GEMM are written against.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FusedBlockGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "TinyNN.Networks.FusedBlockAttribute";

    /// <summary>Sizes a block side may have: whole quads, at most 16 (16 × 16 sums already fill most registers).</summary>
    internal static readonly int[] SupportedSides = [4, 8, 12, 16];

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeMetadataName,
                predicate: static (node, _) => node is StructDeclarationSyntax,
                transform: static (attributeContext, _) => Extract(attributeContext))
            .WithTrackingName(TrackingNames.FusedBlocks);

        var models = declarations
            .Select(static (d, _) => d.Model)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!);
        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource((model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName + ".FusedBlock.g.cs", Emit(model)));

        var diagnostics = declarations.Select(static (d, _) => d.Diagnostics).Where(static d => !d.IsEmpty);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static FusedBlockDeclaration Extract(GeneratorAttributeSyntaxContext context)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (StructDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var arguments = attribute.ConstructorArguments;
        var rows = arguments.Length > 0 ? arguments[0].Value as int? ?? 0 : 0;
        var columns = arguments.Length > 1 ? arguments[1].Value as int? ?? 0 : 0;
        var diagnostics = new List<DiagnosticInfo>();
        if (!SupportedSides.Contains(rows) || !SupportedSides.Contains(columns))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedBlockShape, attribute.ApplicationSyntaxReference?.GetSyntax(),
                rows.ToString(), columns.ToString()));
        }
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name,
                type.ContainingType is null ? "add the 'partial' modifier" : $"it is nested in '{type.ContainingType.Name}'"));
        }
        var model = diagnostics.Count > 0 ? null : new FusedBlockModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(), type.Name, rows, columns);
        return new FusedBlockDeclaration(model, new EquatableArray<DiagnosticInfo>(diagnostics));
    }
}
