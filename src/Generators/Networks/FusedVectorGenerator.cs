using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;
using TinyNN.Generators.Activations;

namespace TinyNN.Generators.Networks;

/// <summary>A [FusedVector(width)] declaration as plain values.</summary>
internal sealed record FusedVectorModel(string? Namespace, string TypeName, int Width) : IGeneratedType;

/// <summary>
/// [FusedVector(width)] in, a register vector with fully unrolled layer operations out: the per-width half of a
/// fused MLP. The passes themselves are written once against IFusedVector and specialised by ILGPU.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FusedVectorGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "TinyNN.Networks.FusedVectorAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = DeclarationPipeline.Register<FusedVectorModel>(context, AttributeMetadataName, TrackingNames.FusedVectors,
            static node => node is StructDeclarationSyntax, Extract, ".FusedVector.g.cs", Emit);
        // The declarations are the only list of widths: the runtime's table is generated from them.
        var table = models
            .Select(static (m, _) => new DeclaredVector(m.Width, "global::" + (m.Namespace is null ? "" : m.Namespace + ".") + m.TypeName))
            .Collect()
            .Select(static (vectors, _) => new EquatableArray<DeclaredVector>(vectors.OrderBy(v => v.Width).ThenBy(v => v.Type, System.StringComparer.Ordinal)))
            .WithTrackingName(TrackingNames.FusedVectorTable);
        context.RegisterSourceOutput(table, static (output, vectors) =>
        {
            if (!vectors.IsEmpty) output.AddSource("FusedVectorTable.g.cs", FusedVectorTable.Emit(vectors));
        });
    }

    private static Declaration<FusedVectorModel> Extract(GeneratorAttributeSyntaxContext context)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (StructDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var width = attribute.ConstructorArguments.FirstOrDefault().Value as int? ?? 0;
        var diagnostics = new List<DiagnosticInfo>();
        if (!FusedVectorTable.IsValidWidth(width))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedWidth, attribute.ApplicationSyntaxReference?.GetSyntax(), width.ToString()));
        }
        DeclarationPipeline.RequireTopLevelPartial(syntax, type, diagnostics);
        return Declaration<FusedVectorModel>.From(diagnostics, () => new FusedVectorModel(DeclarationPipeline.NamespaceOf(type), type.Name, width));
    }
}
