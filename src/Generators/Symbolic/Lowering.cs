using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>
/// Rewrites nodes that have no cheap or ILGPU-safe direct form before C# is written: small integer powers
/// become products, x^0.5 a square root, other constant powers exp(c·ln u).
/// </summary>
internal static class Lowering
{
    public static Expr ForEmission(Expr e) => e switch
    {
        Negate n => Ops.Neg(ForEmission(n.Operand)),
        Binary b => Ops.Binary(b.Operator, ForEmission(b.Left), ForEmission(b.Right)),
        Call { Function: MathFunction.Pow, Second: Constant exponent } p => LowerPower(ForEmission(p.Argument), exponent.Value),
        Call { Function: MathFunction.Pow } p => Ops.Call(MathFunction.Exp, Ops.Mul(ForEmission(p.Second!), Ops.Call(MathFunction.Log, ForEmission(p.Argument)))),
        Call c => Ops.Call(c.Function, ForEmission(c.Argument), c.Second is null ? null : ForEmission(c.Second)),
        Conditional c => Ops.Conditional(c.Operator, ForEmission(c.Left), ForEmission(c.Right), ForEmission(c.WhenTrue), ForEmission(c.WhenFalse)),
        _ => e,
    };

    private static Expr LowerPower(Expr u, double exponent)
    {
        if (exponent == 0.5) return Ops.Call(MathFunction.Sqrt, u);
        if (exponent == -0.5) return Ops.Div(Ops.One, Ops.Call(MathFunction.Sqrt, u));
        if (exponent == Math.Floor(exponent) && Math.Abs(exponent) <= 4)
        {
            Expr product = u;
            for (var i = 1; i < Math.Abs(exponent); i++) product = new Binary(BinaryOperator.Multiply, product, u);
            return exponent < 0 ? Ops.Div(Ops.One, product) : product;
        }
        return Ops.Call(MathFunction.Exp, Ops.Mul(Ops.Const(exponent), Ops.Call(MathFunction.Log, u)));
    }
}
