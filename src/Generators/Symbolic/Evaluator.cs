using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>Evaluates the IR in float64: the independent reference the symbolic tests check the emitted code against.</summary>
internal static class Evaluator
{
    public static double Evaluate(Expr e, double x) => e switch
    {
        Constant c => c.Value,
        NamedConstant n => n.Value,
        Variable => x,
        Negate n => -Evaluate(n.Operand, x),
        Binary b => b.Operator switch
        {
            BinaryOperator.Add => Evaluate(b.Left, x) + Evaluate(b.Right, x),
            BinaryOperator.Subtract => Evaluate(b.Left, x) - Evaluate(b.Right, x),
            BinaryOperator.Multiply => Evaluate(b.Left, x) * Evaluate(b.Right, x),
            BinaryOperator.Divide => Evaluate(b.Left, x) / Evaluate(b.Right, x),
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        },
        Call c => Ops.Fold(c.Function, Evaluate(c.Argument, x), c.Second is null ? 0 : Evaluate(c.Second, x)),
        Conditional c => Conditional.Holds(c.Operator, Evaluate(c.Left, x), Evaluate(c.Right, x))
            ? Evaluate(c.WhenTrue, x)
            : Evaluate(c.WhenFalse, x),
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };
}
