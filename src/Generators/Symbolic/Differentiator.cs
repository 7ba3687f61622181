using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>Thrown when a formula parses but has no derivative the generator can form (e.g. x to a non-constant power).</summary>
internal sealed class DerivativeUnavailableException(string reason) : Exception(reason);

/// <summary>
/// Symbolic d/dx over the IR. Piecewise parts differentiate branch by branch, which puts kinks on tcnn's
/// convention: ReLU written as <c>x &gt; 0 ? x : 0</c> has ReLU′(0) = 0; Max/Min take the second argument's
/// derivative on ties, so <c>Max(x, 0)</c> agrees.
/// </summary>
internal static class Differentiator
{
    public static Expr Derive(Expr e)
    {
        if (e.IsConstant) return Ops.Zero;
        switch (e)
        {
            case Variable:
                return Ops.One;
            case Negate n:
                return Ops.Neg(Derive(n.Operand));
            case Binary b:
                return DeriveBinary(b);
            case Call c:
                return DeriveCall(c);
            case Conditional c:
                return Ops.Conditional(c.Operator, c.Left, c.Right, Derive(c.WhenTrue), Derive(c.WhenFalse));
            default:
                throw new DerivativeUnavailableException($"unknown node '{e.GetType().Name}'");
        }
    }

    private static Expr DeriveBinary(Binary b)
    {
        Expr a = b.Left, c = b.Right, da = Derive(a), dc = Derive(c);
        switch (b.Operator)
        {
            case BinaryOperator.Add: return Ops.Add(da, dc);
            case BinaryOperator.Subtract: return Ops.Sub(da, dc);
            case BinaryOperator.Multiply: return Ops.Add(Ops.Mul(da, c), Ops.Mul(a, dc));
            case BinaryOperator.Divide:
                // (a/c)' = a'/c - a c'/c²; written so a constant numerator or denominator costs nothing extra.
                if (c.IsConstant) return Ops.Div(da, c);
                var quotientTerm = Ops.Div(Ops.Mul(a, dc), Ops.Mul(c, c));
                return a.IsConstant ? Ops.Neg(quotientTerm) : Ops.Sub(Ops.Div(da, c), quotientTerm);
            default:
                throw new DerivativeUnavailableException($"unknown operator '{b.Operator}'");
        }
    }

    private static Expr DeriveCall(Call call)
    {
        var u = call.Argument;
        if (call.Function is MathFunction.Max or MathFunction.Min)
        {
            var v = call.Second!;
            var op = call.Function == MathFunction.Max ? ComparisonOperator.Greater : ComparisonOperator.Less;
            return Ops.Conditional(op, u, v, Derive(u), Derive(v));
        }
        if (call.Function == MathFunction.Pow)
        {
            var exponent = call.Second!;
            if (!exponent.IsConstant)
            {
                throw new DerivativeUnavailableException("MathF.Pow needs a constant exponent (write MathF.Exp(y * MathF.Log(x)) for a variable one)");
            }
            var outer = Ops.Mul(exponent, Ops.Call(MathFunction.Pow, u, Ops.Sub(exponent, Ops.One)));
            return Ops.Mul(outer, Derive(u));
        }
        var du = Derive(u);
        var dOuter = call.Function switch
        {
            MathFunction.Exp => call,
            MathFunction.Log => Ops.Div(Ops.One, u),
            MathFunction.Sin => Ops.Call(MathFunction.Cos, u),
            MathFunction.Cos => Ops.Neg(Ops.Call(MathFunction.Sin, u)),
            MathFunction.Tanh => Ops.Sub(Ops.One, Ops.Mul(call, call)),
            MathFunction.Sqrt => Ops.Div(Ops.Const(0.5), call),
            // sign(u), with 0 at 0 (the subgradient tcnn-style kinks use).
            MathFunction.Abs => Ops.Conditional(ComparisonOperator.Greater, u, Ops.Zero, Ops.One,
                Ops.Conditional(ComparisonOperator.Less, u, Ops.Zero, Ops.Const(-1), Ops.Zero)),
            _ => throw new DerivativeUnavailableException($"no rule for MathF.{call.Function}"),
        };
        // Keep u′/u and u′/(2√u) as divisions rather than multiplying by a reciprocal.
        if (call.Function == MathFunction.Log) return Ops.Div(du, u);
        return Ops.Mul(dOuter, du);
    }
}
