using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>
/// StatementWriter turns a repeated subexpression into one local: kernels evaluate each exp or sqrt of a
/// derivative once per sample, however often the formula mentions it.
/// </summary>
public sealed class CommonSubexpressionTests
{
    private static readonly Expr X = Variable.X;
    private static readonly Expr ExpX = Ops.Call(MathFunction.Exp, X);

    [Fact]
    public void RepeatedSubexpressionIsHoistedOnce()
    {
        var onePlusExp = Ops.Add(Ops.One, ExpX);
        var e = Ops.Div(ExpX, Ops.Mul(onePlusExp, onePlusExp)); // σ′ written as e^x / (1 + e^x)²

        var (statements, result) = StatementWriter.Write(e, ExprDialect.Float32);

        Assert.Equal(["float t0 = global::System.MathF.Exp(x);", "float t1 = 1f + t0;"], statements);
        Assert.Equal("t0 / (t1 * t1)", result);
        Assert.Equal(1, Occurrences(string.Concat(statements) + result, "Exp("));
    }

    [Fact]
    public void SubexpressionRepeatedOnlyInsideARepeatedOneIsNotHoistedSeparately()
    {
        // (eˣ + 1)·(eˣ + 1): eˣ lives inside t0's initializer, once; a local for it would be a wasted register.
        var onePlusExp = Ops.Add(ExpX, Ops.One);
        var (statements, result) = StatementWriter.Write(new Binary(BinaryOperator.Multiply, onePlusExp, onePlusExp), ExprDialect.Float64);

        Assert.Equal(["double t0 = global::System.Math.Exp(x) + 1f;"], statements);
        Assert.Equal("t0 * t0", result);
    }

    [Fact]
    public void TrivialRepeatsStayInline()
    {
        // x, constants and −x cost nothing to repeat.
        var k = new NamedConstant("K", 2);
        var e = Ops.Add(Ops.Mul(X, X), Ops.Mul(Ops.Mul(k, X), Ops.Neg(X)));

        var (statements, result) = StatementWriter.Write(e, ExprDialect.Float32);

        Assert.Empty(statements);
        Assert.Equal("x * x - K * x * x", result);
    }

    [Fact]
    public void LocalsAreDeclaredBeforeUse()
    {
        var sqrt = Ops.Call(MathFunction.Sqrt, Ops.Add(Ops.Mul(X, X), Ops.One));
        var e = Ops.Add(Ops.Div(X, sqrt), Ops.Mul(Ops.Call(MathFunction.Exp, sqrt), Ops.Call(MathFunction.Exp, sqrt)));

        var (statements, result) = StatementWriter.Write(e, ExprDialect.Float32);

        Assert.Equal(["float t0 = global::System.MathF.Sqrt(x * x + 1f);", "float t1 = global::System.MathF.Exp(t0);"], statements);
        Assert.Equal("x / t0 + t1 * t1", result);
    }

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "").Length) / part.Length;
}
