using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Activations;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;

namespace TinyNN.Generators.Networks;

/// <summary>A model of a type the generator completes: where its generated file goes.</summary>
internal interface IGeneratedType
{
    /// <summary>The type's namespace (null: the global one).</summary>
    string? Namespace { get; }

    /// <summary>The type's name.</summary>
    string TypeName { get; }
}

/// <summary>One attribute declaration as plain values: a model when valid, its diagnostics otherwise.</summary>
internal sealed record Declaration<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics) where TModel : class, IGeneratedType
{
    /// <summary>The declaration with these diagnostics, or with <paramref name="model"/> when there are none.</summary>
    public static Declaration<TModel> From(List<DiagnosticInfo> diagnostics, Func<TModel> model) =>
        new(diagnostics.Count > 0 ? null : model(), new EquatableArray<DiagnosticInfo>(diagnostics));
}

/// <summary>
/// The pipeline every declaration generator shares: attribute → equatable declaration (tracked for the incrementality
/// tests) → one generated file per valid model, and the diagnostics of the invalid ones.
/// </summary>
internal static class DeclarationPipeline
{
    /// <summary>Registers the pipeline and returns the valid models (for outputs that need all of them, like a table).</summary>
    public static IncrementalValuesProvider<TModel> Register<TModel>(IncrementalGeneratorInitializationContext context, string attributeMetadataName,
        string trackingName, Func<SyntaxNode, bool> isTarget, Func<GeneratorAttributeSyntaxContext, Declaration<TModel>> extract, string fileSuffix,
        Func<TModel, string> emit)
        where TModel : class, IGeneratedType
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeMetadataName,
                predicate: (node, _) => isTarget(node),
                transform: (attributeContext, _) => extract(attributeContext))
            .WithTrackingName(trackingName);
        return Register(context, declarations, trackingName, fileSuffix, emit);
    }

    /// <summary>
    /// The outputs of already extracted declarations: one file per valid model, the diagnostics of the others (their
    /// steps tracked as <paramref name="trackingName"/> + Models / Diagnostics).
    /// </summary>
    public static IncrementalValuesProvider<TModel> Register<TModel>(IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<Declaration<TModel>> declarations, string trackingName, string fileSuffix, Func<TModel, string> emit)
        where TModel : class, IGeneratedType
    {
        var models = declarations
            .Select(static (d, _) => d.Model)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(trackingName + TrackingNames.Models);
        context.RegisterSourceOutput(models, (output, model) =>
            output.AddSource((model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName + fileSuffix, emit(model)));

        var diagnostics = declarations
            .Select(static (d, _) => d.Diagnostics)
            .Where(static d => !d.IsEmpty)
            .WithTrackingName(trackingName + TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
        return models;
    }

    /// <summary>TNN0003 unless the struct is a top-level partial (the generator adds members to it).</summary>
    public static void RequireTopLevelPartial(StructDeclarationSyntax syntax, INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name,
                type.ContainingType is null ? "add the 'partial' modifier" : $"it is nested in '{type.ContainingType.Name}'"));
        }
    }

    /// <summary>The type's namespace as the models keep it (null: the global namespace).</summary>
    public static string? NamespaceOf(INamedTypeSymbol type) =>
        type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
}
