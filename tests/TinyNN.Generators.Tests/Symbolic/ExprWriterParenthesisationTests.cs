using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>
/// ExprWriter writes the fewest parentheses that keep the tree's evaluation order. In float arithmetic
/// a − (b − c) ≠ a − b + c and a / (b·c) ≠ a / b·c bit for bit, so a dropped pair changes kernel results.
/// </summary>
public sealed class ExprWriterParenthesisationTests
{
    private static readonly Expr X = Variable.X;
    private static readonly Expr A = new NamedConstant("A", 2);
    private static readonly Expr B = new NamedConstant("B", 3);

    private static Expr Bin(BinaryOperator op, Expr left, Expr right) => new Binary(op, left, right);
    private static string Write(Expr e) => ExprWriter.Write(e, ExprDialect.Float32);

    [Fact]
    public void RightOperandOfEqualPrecedenceIsParenthesised()
    {
        Assert.Equal("x - (A - B)", Write(Bin(BinaryOperator.Subtract, X, Bin(BinaryOperator.Subtract, A, B))));
        Assert.Equal("x / (A * B)", Write(Bin(BinaryOperator.Divide, X, Bin(BinaryOperator.Multiply, A, B))));
        Assert.Equal("x * (A / B)", Write(Bin(BinaryOperator.Multiply, X, Bin(BinaryOperator.Divide, A, B))));
        Assert.Equal("x + (A + B)", Write(Bin(BinaryOperator.Add, X, Bin(BinaryOperator.Add, A, B))));
    }

    [Fact]
    public void LeftOperandOfEqualPrecedenceIsNot()
    {
        Assert.Equal("x - A - B", Write(Bin(BinaryOperator.Subtract, Bin(BinaryOperator.Subtract, X, A), B)));
        Assert.Equal("x / A * B", Write(Bin(BinaryOperator.Multiply, Bin(BinaryOperator.Divide, X, A), B)));
    }

    [Fact]
    public void LowerPrecedenceOperandsAreParenthesised()
    {
        Assert.Equal("(x + A) * B", Write(Bin(BinaryOperator.Multiply, Bin(BinaryOperator.Add, X, A), B)));
        Assert.Equal("x * A + B", Write(Bin(BinaryOperator.Add, Bin(BinaryOperator.Multiply, X, A), B)));
        Assert.Equal("-(x + A)", Write(new Negate(Bin(BinaryOperator.Add, X, A))));
        Assert.Equal("-(x * A)", Write(new Negate(Bin(BinaryOperator.Multiply, X, A))));
    }

    [Fact]
    public void NestedNegationsAndNegativeLiteralsNeverFormDecrement()
    {
        // "--x" is a decrement in C#, not a double negation.
        Assert.Equal("-(-x)", Write(new Negate(new Negate(X))));
        Assert.Equal("-(-2f)", Write(new Negate(Ops.Const(-2))));
        Assert.Equal("x - -A", Write(Bin(BinaryOperator.Subtract, X, new Negate(A))));
        Assert.Equal("x - -2f", Write(Bin(BinaryOperator.Subtract, X, Ops.Const(-2))));
        Assert.Equal("x * -2f", Write(Bin(BinaryOperator.Multiply, X, Ops.Const(-2))));
    }

    [Fact]
    public void ConditionalsAreParenthesisedInsideOperatorsButNotAsTheLastBranch()
    {
        var relu = new Conditional(ComparisonOperator.Greater, X, Ops.Zero, X, Ops.Zero);

        Assert.Equal("(x > 0f ? x : 0f) + 1f", Write(Bin(BinaryOperator.Add, relu, Ops.One)));
        Assert.Equal("-(x > 0f ? x : 0f)", Write(new Negate(relu)));
        Assert.Equal("x < A ? (x > 0f ? x : 0f) : x", Write(new Conditional(ComparisonOperator.Less, X, A, relu, X)));
        Assert.Equal("x < A ? x : x > 0f ? x : 0f", Write(new Conditional(ComparisonOperator.Less, X, A, X, relu)));
        Assert.Equal("(x > 0f ? x : 0f) >= A ? x : 0f", Write(new Conditional(ComparisonOperator.GreaterOrEqual, relu, A, X, Ops.Zero)));
        Assert.Equal("x + A > B ? x : 0f", Write(new Conditional(ComparisonOperator.Greater, Bin(BinaryOperator.Add, X, A), B, X, Ops.Zero)));
    }

    [Fact]
    public void CallArgumentsNeedNoParentheses()
    {
        var call = new Call(MathFunction.Max, Bin(BinaryOperator.Add, X, A), new Conditional(ComparisonOperator.Less, X, Ops.Zero, X, A));

        Assert.Equal("global::System.MathF.Max(x + A, x < 0f ? x : A)", Write(call));
    }

    [Fact]
    public void DialectsDifferOnlyInNamesLiteralsAndTheProductSign()
    {
        var e = Bin(BinaryOperator.Divide, new Call(MathFunction.Tanh, Bin(BinaryOperator.Multiply, Ops.Const(0.5), X)), Bin(BinaryOperator.Multiply, A, B));

        // Float32 calls ActivationMath's accurate tanh (ILGPU's MathF.Tanh is an approximation).
        Assert.Equal("global::TinyNN.Activations.ActivationMath.Tanh(0.5f * x) / (A * B)", ExprWriter.Write(e, ExprDialect.Float32));
        Assert.Equal("global::System.Math.Tanh(0.5f * x) / (A * B)", ExprWriter.Write(e, ExprDialect.Float64));
        Assert.Equal("tanh(0.5·x) / (A·B)", ExprWriter.Write(e, ExprDialect.Math));
    }

    [Theory]
    [InlineData(0.1, "0.1f")]
    [InlineData(1e-10, "1E-10f")]
    [InlineData(3, "3f")]
    [InlineData(double.PositiveInfinity, "float.PositiveInfinity")]
    [InlineData(1e300, "float.PositiveInfinity")]
    [InlineData(double.NaN, "float.NaN")]
    public void FloatLiteralsRoundTripAsFloats(double value, string expected)
    {
        Assert.Equal(expected, ExprWriter.FloatLiteral(value));
    }
}
