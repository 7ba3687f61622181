using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>Lowering.ForEmission rewrites powers into ILGPU-friendly forms; it must not change any value.</summary>
public sealed class LoweringTests
{
    public static TheoryData<string> Formulas => FormulaCases.Names();

    [Theory]
    [MemberData(nameof(Formulas))]
    public void LoweringPreservesValuesOfTheFormulaAndItsDerivatives(string formula)
    {
        var c = FormulaCases.Get(formula);
        var first = Differentiator.Derive(c.Formula);
        foreach (var (what, e) in new[] { ("f", c.Formula), ("f′", first), ("f″", Differentiator.Derive(first)) })
        {
            var lowered = Lowering.ForEmission(e);
            foreach (var x in FormulaCases.SamplePoints(c))
            {
                double expected = Evaluator.Evaluate(e, x), actual = Evaluator.Evaluate(lowered, x);
                Assert.True(Math.Abs(expected - actual) <= 1e-12 * (1 + Math.Abs(expected)),
                    $"{c.Name}: lowered {what}({x:R}) = {actual:R}, unlowered {expected:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formulas))]
    public void LoweringLeavesNoPowerCall(string formula)
    {
        // Kernels get products, square roots or exp/log: ILGPU has no cheap, accurate pow.
        var c = FormulaCases.Get(formula);
        var lowered = Lowering.ForEmission(Differentiator.Derive(Differentiator.Derive(c.Formula)));

        Assert.DoesNotContain(Nodes(lowered), node => node is Call { Function: MathFunction.Pow });
    }

    [Theory]
    [InlineData(2, -3)]
    [InlineData(3, -2)]
    [InlineData(5, -2)]
    [InlineData(6, -1.5)]
    [InlineData(-3, -2)]
    [InlineData(64, -1.01)]
    public void IntegerPowersOfNegativeBasesKeepTheirSign(double exponent, double x)
    {
        // x^n is defined for x < 0 when n is an integer; exp(n·ln x) would be NaN there.
        var power = new Call(MathFunction.Pow, Variable.X, Ops.Const(exponent));

        Assert.Equal(Math.Pow(x, exponent), Evaluator.Evaluate(Lowering.ForEmission(power), x), 12);
    }

    [Fact]
    public void NamedConstantExponentIsLoweredByItsValue()
    {
        // MathF.Pow(x, K) with const K = 2 is x·x, defined for negative x like MathF.Pow itself.
        var power = new Call(MathFunction.Pow, Variable.X, new NamedConstant("K", 2));
        var derivative = Differentiator.Derive(power); // K·x^(K − 1): the exponent is an expression of K

        Assert.Equal(9, Evaluator.Evaluate(Lowering.ForEmission(power), -3), 12);
        Assert.Equal(-6, Evaluator.Evaluate(Lowering.ForEmission(derivative), -3), 12);
    }

    [Fact]
    public void SmallPowersBecomeProductsAndHalfPowersSquareRoots()
    {
        var x = Variable.X;
        Assert.Equal("x * x * x", ExprWriter.Write(Lowering.ForEmission(new Call(MathFunction.Pow, x, Ops.Const(3))), ExprDialect.Float32));
        Assert.Equal("global::System.MathF.Sqrt(x)", ExprWriter.Write(Lowering.ForEmission(new Call(MathFunction.Pow, x, Ops.Const(0.5))), ExprDialect.Float32));
        Assert.Equal("1f / (x * x)", ExprWriter.Write(Lowering.ForEmission(new Call(MathFunction.Pow, x, Ops.Const(-2))), ExprDialect.Float32));
    }

    private static IEnumerable<Expr> Nodes(Expr e) => StatementWriter.Children(e).SelectMany(Nodes).Prepend(e);
}
