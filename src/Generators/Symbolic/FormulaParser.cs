using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TinyNN.Generators.Symbolic;

/// <summary>A construct the formula language does not have; carries the offending node for the diagnostic.</summary>
internal sealed class UnsupportedConstructException(SyntaxNode node, string reason) : Exception(reason)
{
    public SyntaxNode Node { get; } = node;
}

/// <summary>
/// Parses the body of an activation method (C# syntax plus its semantic model) into the IR. The language is
/// deliberately small, so that every formula has a derivative and compiles under ILGPU.
/// </summary>
internal sealed class FormulaParser(
    SemanticModel model,
    INamedTypeSymbol declaringType,
    IParameterSymbol parameter,
    IReadOnlyDictionary<string, Expr> ownMethods)
{
    private const string Allowed = "formulas use float arithmetic, float literals, const fields, MathF.Exp/Log/Sin/Cos/Tanh/Sqrt/Abs/Max/Min, MathF.Pow with a constant exponent and conditionals comparing float expressions";

    public Expr Parse(ExpressionSyntax syntax) => Ops.Simplify(ParseNode(syntax));

    private Expr ParseNode(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax p:
                return ParseNode(p.Expression);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return new Negate(ParseNode(u.Operand));
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryPlusExpression):
                return ParseNode(u.Operand);
            case BinaryExpressionSyntax b when model.GetTypeInfo(b).Type?.SpecialType == SpecialType.System_Int32:
                // Integer arithmetic truncates (1 / 2 is 0 in C#): take the compiler's value, not a float reading of it.
                return model.GetConstantValue(b) is { HasValue: true, Value: int value }
                    ? new Constant(value)
                    : throw new UnsupportedConstructException(b, Allowed);
            case BinaryExpressionSyntax b when ArithmeticOperator(b) is { } op:
                return new Binary(op, ParseNode(b.Left), ParseNode(b.Right));
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return ParseLiteral(literal);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return ParseName(syntax);
            case InvocationExpressionSyntax invocation:
                return ParseInvocation(invocation);
            case ConditionalExpressionSyntax conditional:
                return ParseConditional(conditional);
            default:
                throw new UnsupportedConstructException(syntax, Allowed);
        }
    }

    private static BinaryOperator? ArithmeticOperator(BinaryExpressionSyntax b) => b.Kind() switch
    {
        SyntaxKind.AddExpression => BinaryOperator.Add,
        SyntaxKind.SubtractExpression => BinaryOperator.Subtract,
        SyntaxKind.MultiplyExpression => BinaryOperator.Multiply,
        SyntaxKind.DivideExpression => BinaryOperator.Divide,
        _ => null,
    };

    private Expr ParseLiteral(LiteralExpressionSyntax literal)
    {
        var value = model.GetConstantValue(literal);
        return value.Value switch
        {
            float f => new Constant(f),
            int i => new Constant(i),
            double => throw new UnsupportedConstructException(literal, "a double literal makes float64 code on the GPU; write it with an 'f' suffix"),
            _ => throw new UnsupportedConstructException(literal, Allowed),
        };
    }

    private Expr ParseName(ExpressionSyntax syntax)
    {
        var symbol = model.GetSymbolInfo(syntax).Symbol;
        if (SymbolEqualityComparer.Default.Equals(symbol, parameter)) return Variable.X;
        if (symbol is IFieldSymbol { HasConstantValue: true } field && ToDouble(field.ConstantValue) is { } value)
        {
            // Constants of the declaring type keep their name in the emitted code; others (MathF.PI) become literals.
            return SymbolEqualityComparer.Default.Equals(field.ContainingType, declaringType)
                ? new NamedConstant(field.Name, value)
                : new Constant(value);
        }
        throw new UnsupportedConstructException(syntax, "only the parameter and const float fields may be named in a formula");
    }

    private static double? ToDouble(object? constant) => constant switch
    {
        float f => f,
        int i => i,
        _ => null,
    };

    private Expr ParseInvocation(InvocationExpressionSyntax invocation)
    {
        var method = model.GetSymbolInfo(invocation).Symbol as IMethodSymbol;
        var arguments = invocation.ArgumentList.Arguments;
        if (method is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, declaringType)
            && ownMethods.TryGetValue(method.Name, out var body) && arguments.Count == 1)
        {
            return Ops.Substitute(body, Ops.Simplify(ParseNode(arguments[0].Expression)));
        }
        if (method is null || method.ContainingType.ToDisplayString() != "System.MathF"
            || !Enum.TryParse<MathFunction>(method.Name, out var function) || Call.Arity(function) != arguments.Count)
        {
            throw new UnsupportedConstructException(invocation, Allowed);
        }
        // Named arguments (MathF.Pow(y: 3f, x: v)) bind by name, not by position.
        var ordered = arguments.OrderBy(a => a.NameColon is { } name
            ? method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)?.Ordinal ?? -1
            : arguments.IndexOf(a)).ToList();
        var first = ParseNode(ordered[0].Expression);
        var second = ordered.Count == 2 ? ParseNode(ordered[1].Expression) : null;
        return new Call(function, first, second);
    }

    private Expr ParseConditional(ConditionalExpressionSyntax conditional)
    {
        var condition = conditional.Condition is ParenthesizedExpressionSyntax p ? p.Expression : conditional.Condition;
        if (condition is not BinaryExpressionSyntax comparison || ComparisonOperatorOf(comparison) is not { } op)
        {
            throw new UnsupportedConstructException(conditional.Condition, "a condition must compare two float expressions with <, <=, > or >=");
        }
        return new Conditional(op, ParseNode(comparison.Left), ParseNode(comparison.Right),
            ParseNode(conditional.WhenTrue), ParseNode(conditional.WhenFalse));
    }

    private static ComparisonOperator? ComparisonOperatorOf(BinaryExpressionSyntax b) => b.Kind() switch
    {
        SyntaxKind.LessThanExpression => ComparisonOperator.Less,
        SyntaxKind.LessThanOrEqualExpression => ComparisonOperator.LessOrEqual,
        SyntaxKind.GreaterThanExpression => ComparisonOperator.Greater,
        SyntaxKind.GreaterThanOrEqualExpression => ComparisonOperator.GreaterOrEqual,
        _ => null,
    };
}
