using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TinyNN.Generators.Diagnostics;
using TinyNN.Generators.Models;
using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Activations;

public sealed partial class ActivationGenerator
{
    internal const string ForwardName = "Forward", DerivativeName = "Derivative", SecondDerivativeName = "SecondDerivative";
    private const string OrderPropertyName = "Order";

    /// <summary>Reads one declaration into a model (formulas parsed and differentiated) or diagnostics.</summary>
    private static ActivationDeclaration Extract(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var metadataName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        if (!CarriesFirstActivationAttribute(type, syntax))
        {
            // [Activation] repeated on another partial part (CS0579): reading it too would emit the type twice.
            return new ActivationDeclaration("", metadataName, null, EquatableArray<DiagnosticInfo>.Empty);
        }
        var diagnostics = new List<DiagnosticInfo>();
        ActivationDeclaration Result(ActivationModel? model) =>
            new(name, metadataName, diagnostics.Count == 0 ? model : null, new EquatableArray<DiagnosticInfo>(diagnostics));

        if (!IsValidName(name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken), name, type.Name));
        }
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name, "add the 'partial' modifier"));
        }
        else if (type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name, $"it is nested in '{type.ContainingType.Name}'"));
        }
        else if (type.IsGenericType)
        {
            // The emitted part names no type parameters, so it would complete a different, non-generic type.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name, "generic activations are not supported"));
        }
        else if (type.IsRecord || type.TypeKind != TypeKind.Struct)
        {
            // The emitted part is a plain 'partial struct'; any other kind of part makes the compiler reject both (CS0261).
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, syntax.Identifier.GetLocation(), type.Name, $"declare it as 'partial struct', not '{KindName(syntax)}'"));
        }

        var forward = FindMethod(type, ForwardName, diagnostics, cancellationToken);
        if (forward is null)
        {
            if (!diagnostics.Any(d => d.Descriptor == DiagnosticDescriptors.InvalidSignature))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingForward, syntax.Identifier.GetLocation(), type.Name));
            }
            return Result(null);
        }
        var derivative = FindMethod(type, DerivativeName, diagnostics, cancellationToken);
        var secondDerivative = FindMethod(type, SecondDerivativeName, diagnostics, cancellationToken);
        if (diagnostics.Count > 0) return Result(null);

        var compilation = context.SemanticModel.Compilation;
        var ownMethods = new Dictionary<string, Expr>();
        Expr? Parse(MethodInfo method)
        {
            var parameter = method.Symbol.Parameters[0];
            var model = compilation.GetSemanticModel(method.Body.SyntaxTree);
            try
            {
                var parsed = new FormulaParser(model, type, parameter, ownMethods).Parse(method.Body);
                ownMethods[method.Symbol.Name] = parsed;
                return parsed;
            }
            catch (UnsupportedConstructException e)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, e.Node, Shorten(e.Node.ToString()), type.Name, e.Message));
                return null;
            }
        }

        var forwardExpr = Parse(forward.Value);
        var declaredDerivative = derivative is { } d ? Parse(d) : null;
        var declaredSecond = secondDerivative is { } s ? Parse(s) : null;
        if (forwardExpr is null || diagnostics.Count > 0) return Result(null);
        cancellationToken.ThrowIfCancellationRequested();

        try
        {
            // f″ differentiates the declared f′ when there is one: a better f′ form usually has a better f″.
            var derived = Differentiator.Derive(forwardExpr);
            var first = declaredDerivative ?? derived;
            var second = declaredSecond ?? Differentiator.Derive(first);
            var symbolicSecond = declaredDerivative is null && declaredSecond is null ? null : Differentiator.Derive(derived);
            return Result(new ActivationModel(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                syntax.Modifiers.Any(SyntaxKind.ReadOnlyKeyword),
                name,
                forwardExpr,
                first,
                second,
                declaredDerivative is not null,
                declaredSecond is not null,
                declaredDerivative is null ? null : derived,
                symbolicSecond,
                attribute.NamedArguments.FirstOrDefault(a => a.Key == OrderPropertyName).Value.Value as int?));
        }
        catch (DerivativeUnavailableException e)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeUnavailable, forward.Value.Body, Shorten(forward.Value.Body.ToString()), type.Name, e.Message));
            return Result(null);
        }
    }

    private readonly record struct MethodInfo(IMethodSymbol Symbol, ExpressionSyntax Body);

    /// <summary>Finds and validates <c>public static float Name(float x) =&gt; ...</c>; null when absent or invalid.</summary>
    private static MethodInfo? FindMethod(INamedTypeSymbol type, string name, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        MethodInfo? found = null;
        foreach (var method in type.GetMembers(name).OfType<IMethodSymbol>())
        {
            var declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;
            if (declaration is null) continue;
            var valid = method.IsStatic
                && method.DeclaredAccessibility == Accessibility.Public
                && method.ReturnType.SpecialType == SpecialType.System_Single
                && method.Parameters.Length == 1
                && method.Parameters[0].Type.SpecialType == SpecialType.System_Single
                && method.Parameters[0].RefKind == RefKind.None
                && !method.IsGenericMethod
                && declaration.ExpressionBody is not null;
            if (!valid || found is not null)
            {
                var signature = declaration.WithBody(null).WithExpressionBody(null).WithSemicolonToken(default)
                    .WithAttributeLists(default).NormalizeWhitespace().ToString();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSignature, declaration.Identifier.GetLocation(), type.Name, name, signature));
                continue;
            }
            found = new MethodInfo(method, declaration.ExpressionBody!.Expression);
        }
        return found;
    }

    /// <summary>Whether <paramref name="syntax"/> is the part of <paramref name="type"/> whose [Activation] the type's attributes list first.</summary>
    private static bool CarriesFirstActivationAttribute(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        var first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeMetadataName)?.ApplicationSyntaxReference;
        return first is null || (first.SyntaxTree == syntax.SyntaxTree && syntax.AttributeLists.Span.Contains(first.Span));
    }

    private static string KindName(TypeDeclarationSyntax syntax) => syntax switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        _ => syntax.Keyword.ValueText,
    };

    private static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static string Shorten(string text)
    {
        var oneLine = string.Join(" ", text.Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 80 ? oneLine : oneLine.Substring(0, 77) + "...";
    }
}
