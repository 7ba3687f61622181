using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>
/// Ops' smart constructors simplify as they build. Derivatives come out of them, so each rewrite here is code
/// the kernels do not run (a missed one costs a multiply by 1 or an add of 0 per sample).
/// </summary>
public sealed class SimplificationTests
{
    private static readonly Expr X = Variable.X;
    private static readonly Expr K = new NamedConstant("K", 10);
    private static readonly Expr ExpX = Ops.Call(MathFunction.Exp, X);

    [Fact]
    public void AddingZeroIsTheOtherOperand()
    {
        Assert.Equal(X, Ops.Add(X, Ops.Zero));
        Assert.Equal(X, Ops.Add(Ops.Zero, X));
        Assert.Equal(X, Ops.Sub(X, Ops.Zero));
    }

    [Fact]
    public void MultiplyingByZeroIsZeroAndByOneIsTheOtherOperand()
    {
        Assert.Equal(Ops.Zero, Ops.Mul(Ops.Zero, ExpX));
        Assert.Equal(Ops.Zero, Ops.Mul(ExpX, Ops.Zero));
        Assert.Equal(ExpX, Ops.Mul(Ops.One, ExpX));
        Assert.Equal(ExpX, Ops.Div(ExpX, Ops.One));
        Assert.Equal(Ops.Zero, Ops.Div(Ops.Zero, ExpX));
    }

    [Fact]
    public void DoubleNegationCancels()
    {
        Assert.Equal(X, Ops.Neg(Ops.Neg(X)));
        Assert.Equal(ExpX, Ops.Mul(Ops.Const(-1), Ops.Neg(ExpX)));
        // −(a − b) is written b − a rather than with a negation.
        Assert.Equal(new Binary(BinaryOperator.Subtract, ExpX, X), Ops.Neg(Ops.Sub(X, ExpX)));
    }

    [Fact]
    public void ConstantsFold()
    {
        Assert.Equal(Ops.Const(5), Ops.Add(Ops.Const(2), Ops.Const(3)));
        Assert.Equal(Ops.Const(-1), Ops.Sub(Ops.Const(2), Ops.Const(3)));
        Assert.Equal(Ops.Const(0.5), Ops.Div(Ops.One, Ops.Const(2)));
        Assert.Equal(Ops.One, Ops.Call(MathFunction.Exp, Ops.Zero));
        // Nested constant factors merge: 2·(3·x) = 6·x.
        Assert.Equal(new Binary(BinaryOperator.Multiply, Ops.Const(6), X), Ops.Mul(Ops.Const(2), Ops.Mul(Ops.Const(3), X)));
        // A fold that would produce −∞ or NaN is left for the kernel to compute (and for the reader to see).
        Assert.Equal(new Call(MathFunction.Log, Ops.Zero), Ops.Call(MathFunction.Log, Ops.Zero));
        Assert.Equal(new Binary(BinaryOperator.Divide, Ops.One, Ops.Zero), Ops.Div(Ops.One, Ops.Zero));
    }

    [Fact]
    public void CommutedProductsMeetAndDouble()
    {
        // K·u + u·K: Mul orders named constants before other factors, so both terms are K·u and Add doubles them.
        var sum = Ops.Add(Ops.Mul(K, ExpX), Ops.Mul(ExpX, K));

        Assert.Equal(new Binary(BinaryOperator.Multiply, Ops.Const(2), new Binary(BinaryOperator.Multiply, K, ExpX)), sum);
        Assert.Equal("2·(K·exp(x))", ExprWriter.Write(sum, ExprDialect.Math));
    }

    [Fact]
    public void EqualOperandsCancelOrCombine()
    {
        Assert.Equal(Ops.Zero, Ops.Sub(ExpX, ExpX));
        Assert.Equal(Ops.One, Ops.Div(ExpX, ExpX));
        Assert.Equal(new Binary(BinaryOperator.Multiply, Ops.Const(2), X), Ops.Add(X, X));
    }

    [Fact]
    public void ConditionalsWithEqualBranchesOrConstantConditionsCollapse()
    {
        Assert.Equal(ExpX, Ops.Conditional(ComparisonOperator.Greater, X, Ops.Zero, ExpX, ExpX));
        Assert.Equal(X, Ops.Conditional(ComparisonOperator.Less, Ops.One, Ops.Const(2), X, ExpX));
        Assert.Equal(ExpX, Ops.Conditional(ComparisonOperator.GreaterOrEqual, Ops.One, Ops.Const(2), X, ExpX));
    }

    [Fact]
    public void SignsMoveOutward()
    {
        // (−a)·b = −(a·b) and a + (−b) = a − b: fewer negations for the kernel, cleaner text for the reader.
        Assert.Equal(Ops.Neg(Ops.Mul(X, ExpX)), Ops.Mul(Ops.Neg(X), ExpX));
        Assert.Equal(new Binary(BinaryOperator.Subtract, ExpX, X), Ops.Add(ExpX, Ops.Neg(X)));
        Assert.Equal(new Binary(BinaryOperator.Subtract, X, Ops.Const(2)), Ops.Add(X, Ops.Const(-2)));
        Assert.Equal(new Negate(new Binary(BinaryOperator.Multiply, Ops.Const(3), X)), Ops.Mul(Ops.Const(-3), X));
    }

    [Fact]
    public void SimplifyRebuildsARawTreeThroughTheConstructors()
    {
        // The parser builds raw nodes; Simplify is what makes "1f * x + 0f" read as x.
        var raw = new Binary(BinaryOperator.Add, new Binary(BinaryOperator.Multiply, Ops.One, X), Ops.Zero);

        Assert.Equal(X, Ops.Simplify(raw));
    }

    [Fact]
    public void SubstituteReplacesTheVariableAndSimplifies()
    {
        // Inlining Forward(2x) into a declared Derivative.
        var forward = Ops.Mul(X, ExpX);
        var twoX = Ops.Mul(Ops.Const(2), X);

        Assert.Equal(Ops.Mul(twoX, Ops.Call(MathFunction.Exp, twoX)), Ops.Substitute(forward, twoX));
        Assert.Equal(Ops.Const(Math.E), Ops.Substitute(ExpX, Ops.One));
    }
}
