using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TinyNN.Generators.Symbolic;

/// <summary>Which text an expression becomes.</summary>
internal enum ExprDialect
{
    /// <summary>ILGPU-compatible C# on float: MathF calls, f-suffixed literals, selects instead of branches.</summary>
    Float32,
    /// <summary>The same function in float64 (Math calls; float literals keep their float value): the reference.</summary>
    Float64,
    /// <summary>Readable math for docs and the CLI: exp(K·x) style.</summary>
    Math,
}

/// <summary>Writes IR as text with the fewest parentheses that keep C#'s evaluation order.</summary>
internal static class ExprWriter
{
    private const int ConditionalPrecedence = 0, AdditivePrecedence = 1, MultiplicativePrecedence = 2, UnaryPrecedence = 3, PrimaryPrecedence = 4;

    public static string Write(Expr e, ExprDialect dialect, string variable = "x", IReadOnlyDictionary<Expr, string>? locals = null)
    {
        var builder = new StringBuilder();
        Write(builder, e, dialect, variable, locals, ConditionalPrecedence);
        return builder.ToString();
    }

    /// <summary>A float literal that round-trips (ILGPU needs f literals: a double literal makes f64 code).</summary>
    public static string FloatLiteral(double value)
    {
        var single = (float)value;
        if (float.IsPositiveInfinity(single)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(single)) return "float.NegativeInfinity";
        if (float.IsNaN(single)) return "float.NaN";
        var text = single.ToString("R", CultureInfo.InvariantCulture);
        return text + "f";
    }

    private static string MathLiteral(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture);

    private static void Write(StringBuilder s, Expr e, ExprDialect dialect, string variable, IReadOnlyDictionary<Expr, string>? locals, int context)
    {
        if (locals is not null && locals.TryGetValue(e, out var local))
        {
            s.Append(local);
            return;
        }
        var own = Precedence(e);
        var parenthesise = own < context;
        if (parenthesise) s.Append('(');
        switch (e)
        {
            case Constant c:
                s.Append(dialect == ExprDialect.Math ? MathLiteral(c.Value) : FloatLiteral(c.Value));
                break;
            case NamedConstant n:
                s.Append(n.Name);
                break;
            case Variable:
                s.Append(variable);
                break;
            case Negate n:
                s.Append('-');
                // "- -x" would read as decrement: parenthesise a nested negation or negative literal.
                var operandNeedsParens = n.Operand is Negate || n.Operand is Constant { Value: < 0 };
                if (operandNeedsParens) s.Append('(');
                Write(s, n.Operand, dialect, variable, locals, operandNeedsParens ? ConditionalPrecedence : UnaryPrecedence);
                if (operandNeedsParens) s.Append(')');
                break;
            case Binary b:
                Write(s, b.Left, dialect, variable, locals, own);
                s.Append(b.Operator switch
                {
                    BinaryOperator.Add => " + ",
                    BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply => dialect == ExprDialect.Math ? "·" : " * ",
                    _ => " / ",
                });
                // Left-associative: a right operand of equal precedence needs parentheses (a - (b - c), a / (b * c)).
                Write(s, b.Right, dialect, variable, locals, own + 1);
                break;
            case Call c:
                s.Append(FunctionName(c.Function, dialect)).Append('(');
                Write(s, c.Argument, dialect, variable, locals, ConditionalPrecedence);
                if (c.Second is not null)
                {
                    s.Append(", ");
                    Write(s, c.Second, dialect, variable, locals, ConditionalPrecedence);
                }
                s.Append(')');
                break;
            case Conditional c:
                Write(s, c.Left, dialect, variable, locals, AdditivePrecedence);
                s.Append(c.Operator switch
                {
                    ComparisonOperator.Less => " < ",
                    ComparisonOperator.LessOrEqual => " <= ",
                    ComparisonOperator.Greater => " > ",
                    _ => " >= ",
                });
                Write(s, c.Right, dialect, variable, locals, AdditivePrecedence);
                s.Append(" ? ");
                Write(s, c.WhenTrue, dialect, variable, locals, ConditionalPrecedence + 1);
                s.Append(" : ");
                Write(s, c.WhenFalse, dialect, variable, locals, ConditionalPrecedence);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e));
        }
        if (parenthesise) s.Append(')');
    }

    private static int Precedence(Expr e) => e switch
    {
        Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => AdditivePrecedence,
        Binary => MultiplicativePrecedence,
        Negate => UnaryPrecedence,
        Conditional => ConditionalPrecedence,
        Constant { Value: < 0 } => UnaryPrecedence,
        _ => PrimaryPrecedence,
    };

    private static string FunctionName(MathFunction function, ExprDialect dialect)
    {
        if (dialect == ExprDialect.Math) return function.ToString().ToLowerInvariant();
        var type = dialect == ExprDialect.Float32 ? "global::System.MathF." : "global::System.Math.";
        // ILGPU lowers MathF.Tanh/Sin/Cos to PTX approximations (tanh.approx is 2^-11; sin.approx is good only on
        // [-π, π]); ActivationMath has accurate ILGPU-compatible versions.
        if (dialect == ExprDialect.Float32 && function is MathFunction.Tanh or MathFunction.Sin or MathFunction.Cos)
        {
            return "global::TinyNN.Activations.ActivationMath." + function;
        }
        return type + function;
    }
}
