using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>
/// Smart constructors: each builds a node from already simplified children and applies local rewrites
/// (constant folding, neutral and absorbing elements, sign normalisation, x - x = 0). Everything the
/// differentiator builds goes through here, so derivatives come out simplified.
/// </summary>
internal static class Ops
{
    public static readonly Constant Zero = new(0);
    public static readonly Constant One = new(1);

    public static Expr Const(double value) => new Constant(value);

    public static bool IsValue(Expr e, double value) => e is Constant c && c.Value == value;

    public static Expr Neg(Expr a) => a switch
    {
        Constant c => Const(-c.Value),
        Negate n => n.Operand,
        Binary { Operator: BinaryOperator.Subtract } s => Sub(s.Right, s.Left),
        _ => new Negate(a),
    };

    public static Expr Add(Expr a, Expr b)
    {
        if (a is Constant ca && b is Constant cb) return Const(ca.Value + cb.Value);
        if (IsValue(a, 0)) return b;
        if (IsValue(b, 0)) return a;
        if (b is Negate nb) return Sub(a, nb.Operand);
        if (a is Negate na) return Sub(b, na.Operand);
        if (b is Constant { Value: < 0 } negative) return Sub(a, Const(-negative.Value));
        if (a.Equals(b)) return Mul(Const(2), a);
        return new Binary(BinaryOperator.Add, a, b);
    }

    public static Expr Sub(Expr a, Expr b)
    {
        if (a is Constant ca && b is Constant cb) return Const(ca.Value - cb.Value);
        if (IsValue(b, 0)) return a;
        if (IsValue(a, 0)) return Neg(b);
        if (b is Negate nb) return Add(a, nb.Operand);
        if (a.Equals(b)) return Zero;
        return new Binary(BinaryOperator.Subtract, a, b);
    }

    public static Expr Mul(Expr a, Expr b)
    {
        if (a is Constant ca && b is Constant cb) return Const(ca.Value * cb.Value);
        if (IsValue(a, 0) || IsValue(b, 0)) return Zero;
        if (IsValue(a, 1)) return b;
        if (IsValue(b, 1)) return a;
        if (IsValue(a, -1)) return Neg(b);
        if (IsValue(b, -1)) return Neg(a);
        if (a is Negate na) return Neg(Mul(na.Operand, b));
        if (b is Negate nb) return Neg(Mul(a, nb.Operand));
        if (Rank(b) < Rank(a)) return Mul(b, a);
        if (a is Constant { Value: < 0 } negative) return Neg(Mul(Const(-negative.Value), b));
        if (a is Constant outer && b is Binary { Operator: BinaryOperator.Multiply, Left: Constant inner } product)
        {
            return Mul(Const(outer.Value * inner.Value), product.Right);
        }
        return new Binary(BinaryOperator.Multiply, a, b);
    }

    /// <summary>Order of commutative factors: literals, then named constants, then the rest (so K·u + u·K meet).</summary>
    private static int Rank(Expr e) => e switch { Constant => 0, NamedConstant => 1, _ => 2 };

    public static Expr Div(Expr a, Expr b)
    {
        if (a is Constant ca && b is Constant cb && cb.Value != 0) return Const(ca.Value / cb.Value);
        if (IsValue(a, 0)) return Zero;
        if (IsValue(b, 1)) return a;
        if (IsValue(b, -1)) return Neg(a);
        if (a is Negate na) return Neg(Div(na.Operand, b));
        if (b is Negate nb) return Neg(Div(a, nb.Operand));
        if (a.Equals(b)) return One;
        return new Binary(BinaryOperator.Divide, a, b);
    }

    public static Expr Binary(BinaryOperator op, Expr a, Expr b) => op switch
    {
        BinaryOperator.Add => Add(a, b),
        BinaryOperator.Subtract => Sub(a, b),
        BinaryOperator.Multiply => Mul(a, b),
        BinaryOperator.Divide => Div(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static Expr Call(MathFunction function, Expr argument, Expr? second = null)
    {
        if (argument is Constant c && (second is null || second is Constant))
        {
            var folded = Fold(function, c.Value, (second as Constant)?.Value ?? 0);
            if (!double.IsNaN(folded) && !double.IsInfinity(folded)) return Const(folded);
        }
        if (function == MathFunction.Pow && second is Constant exponent)
        {
            if (exponent.Value == 0) return One;
            if (exponent.Value == 1) return argument;
        }
        return new Call(function, argument, second);
    }

    public static Expr Conditional(ComparisonOperator op, Expr left, Expr right, Expr whenTrue, Expr whenFalse)
    {
        if (whenTrue.Equals(whenFalse)) return whenTrue;
        if (left is Constant l && right is Constant r) return Symbolic.Conditional.Holds(op, l.Value, r.Value) ? whenTrue : whenFalse;
        return new Conditional(op, left, right, whenTrue, whenFalse);
    }

    /// <summary>The value of a function at constant arguments (used for folding and by the evaluator).</summary>
    public static double Fold(MathFunction function, double a, double b) => function switch
    {
        MathFunction.Exp => Math.Exp(a),
        MathFunction.Log => Math.Log(a),
        MathFunction.Sin => Math.Sin(a),
        MathFunction.Cos => Math.Cos(a),
        MathFunction.Tanh => Math.Tanh(a),
        MathFunction.Sqrt => Math.Sqrt(a),
        MathFunction.Abs => Math.Abs(a),
        MathFunction.Max => Math.Max(a, b),
        MathFunction.Min => Math.Min(a, b),
        MathFunction.Pow => Math.Pow(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };

    /// <summary>Rebuilds a tree through the smart constructors (used on parsed formulas).</summary>
    public static Expr Simplify(Expr e) => e switch
    {
        Negate n => Neg(Simplify(n.Operand)),
        Binary b => Binary(b.Operator, Simplify(b.Left), Simplify(b.Right)),
        Call c => Call(c.Function, Simplify(c.Argument), c.Second is null ? null : Simplify(c.Second)),
        Conditional c => Conditional(c.Operator, Simplify(c.Left), Simplify(c.Right), Simplify(c.WhenTrue), Simplify(c.WhenFalse)),
        _ => e,
    };

    /// <summary>Replaces x by <paramref name="value"/> (inlining a call of the type's own Forward or Derivative).</summary>
    public static Expr Substitute(Expr e, Expr value) => e switch
    {
        Variable => value,
        Negate n => Neg(Substitute(n.Operand, value)),
        Binary b => Binary(b.Operator, Substitute(b.Left, value), Substitute(b.Right, value)),
        Call c => Call(c.Function, Substitute(c.Argument, value), c.Second is null ? null : Substitute(c.Second, value)),
        Conditional c => Conditional(c.Operator, Substitute(c.Left, value), Substitute(c.Right, value),
            Substitute(c.WhenTrue, value), Substitute(c.WhenFalse, value)),
        _ => e,
    };
}
