using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>
/// Rewrites nodes that have no cheap or ILGPU-safe direct form before C# is written: integer powers become
/// products, x^0.5 a square root, other constant powers exp(c·ln u).
/// </summary>
internal static class Lowering
{
    /// <summary>Integer exponents up to this size become products (by squaring); larger ones take exp(c·ln u).</summary>
    private const int MaxProductExponent = 64;

    public static Expr ForEmission(Expr e) => e switch
    {
        Negate n => Ops.Neg(ForEmission(n.Operand)),
        Binary b => Ops.Binary(b.Operator, ForEmission(b.Left), ForEmission(b.Right)),
        // A constant exponent may be a named constant or an expression of one (K − 1 in the derivative of x^K).
        Call { Function: MathFunction.Pow, Second.IsConstant: true } p => LowerPower(ForEmission(p.Argument), Evaluator.Evaluate(p.Second!, 0)),
        Call { Function: MathFunction.Pow } p => Ops.Call(MathFunction.Exp, Ops.Mul(ForEmission(p.Second!), Ops.Call(MathFunction.Log, ForEmission(p.Argument)))),
        Call c => Ops.Call(c.Function, ForEmission(c.Argument), c.Second is null ? null : ForEmission(c.Second)),
        Conditional c => Ops.Conditional(c.Operator, ForEmission(c.Left), ForEmission(c.Right), ForEmission(c.WhenTrue), ForEmission(c.WhenFalse)),
        _ => e,
    };

    private static Expr LowerPower(Expr u, double exponent)
    {
        if (exponent == 0.5) return Ops.Call(MathFunction.Sqrt, u);
        if (exponent == -0.5) return Ops.Div(Ops.One, Ops.Call(MathFunction.Sqrt, u));
        // Products keep the sign of a negative base, where exp(n·ln u) would be NaN (MathF.Pow(-2f, 5f) is -32).
        if (exponent == Math.Floor(exponent) && Math.Abs(exponent) <= MaxProductExponent)
        {
            var product = IntegerPower(u, (int)Math.Abs(exponent));
            return exponent < 0 ? Ops.Div(Ops.One, product) : product;
        }
        return Ops.Call(MathFunction.Exp, Ops.Mul(Ops.Const(exponent), Ops.Call(MathFunction.Log, u)));
    }

    /// <summary>u^n by repeated squaring; the squares repeat in the tree, so StatementWriter makes each one local.</summary>
    private static Expr IntegerPower(Expr u, int n)
    {
        if (n == 0) return Ops.One;
        if (n == 1) return u;
        var half = IntegerPower(u, n / 2);
        var square = new Binary(BinaryOperator.Multiply, half, half);
        return n % 2 == 0 ? square : new Binary(BinaryOperator.Multiply, square, u);
    }
}
