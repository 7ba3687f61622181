using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;

namespace TinyNN.Generators.Networks;

/// <summary>A [FusedBlock(rows, columns)] declaration as plain values.</summary>
internal sealed record FusedBlockModel(string? Namespace, string TypeName, int Rows, int Columns) : IGeneratedType;

/// <summary>
/// [FusedBlock(rows, columns)] in, a thread's register block of the GPU's tiled products out: the unrolled product
/// step, tensor-core step, elementwise step and stores that the tiled MLP passes and the parameter-gradient GEMM are
/// written against; and for each [ElementOp] elementwise step, its operand binding (FusedBlockGenerator.ElementOps.cs).
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
        DeclarationPipeline.Register<FusedBlockModel>(context, AttributeMetadataName, TrackingNames.FusedBlocks,
            static node => node is StructDeclarationSyntax, Extract, ".FusedBlock.g.cs", Emit);
        DeclarationPipeline.Register<ElementOpModel>(context, ElementOpMetadataName, ElementOpsTrackingName,
            static node => node is StructDeclarationSyntax, ExtractElementOp, ".ElementOp.g.cs", EmitElementOp);
    }

    private static Declaration<FusedBlockModel> Extract(GeneratorAttributeSyntaxContext context)
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
        DeclarationPipeline.RequireTopLevelPartial(syntax, type, diagnostics);
        return Declaration<FusedBlockModel>.From(diagnostics, () => new FusedBlockModel(DeclarationPipeline.NamespaceOf(type), type.Name, rows, columns));
    }
}
