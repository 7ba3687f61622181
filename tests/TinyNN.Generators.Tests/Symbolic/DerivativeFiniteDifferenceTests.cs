using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>
/// Differentiator.Derive against float64 central differences of Evaluator.Evaluate, for f′ and for f″ (the
/// derivative of the derived f′). Step h = 1e-5·max(1, |x|): truncation h²f‴/6 and rounding ε|f|/h stay
/// near 1e-9 for these formulas on their intervals, so 1e-6 relative plus absolute is tight yet safe.
/// </summary>
public sealed class DerivativeFiniteDifferenceTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Formulas => FormulaCases.Names();

    [Theory]
    [MemberData(nameof(Formulas))]
    public void FirstDerivativeMatchesFiniteDifferences(string formula)
    {
        var c = FormulaCases.Get(formula);
        AssertDerivative(c, c.Formula, Differentiator.Derive(c.Formula), "f′");
    }

    [Theory]
    [MemberData(nameof(Formulas))]
    public void SecondDerivativeMatchesFiniteDifferences(string formula)
    {
        var c = FormulaCases.Get(formula);
        var first = Differentiator.Derive(c.Formula);
        AssertDerivative(c, first, Differentiator.Derive(first), "f″");
    }

    private static void AssertDerivative(FormulaCase c, Expr function, Expr derivative, string what)
    {
        var points = FormulaCases.SamplePoints(c);
        Assert.True(points.Count >= 200, $"{c.Name}: only {points.Count} points");
        foreach (var x in points)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x));
            var finiteDifference = (Evaluator.Evaluate(function, x + h) - Evaluator.Evaluate(function, x - h)) / (2 * h);
            var symbolic = Evaluator.Evaluate(derivative, x);
            Assert.True(double.IsFinite(symbolic), $"{c.Name}: {what}({x:R}) = {symbolic}");
            if (Math.Abs(symbolic - finiteDifference) > Tolerance * (1 + Math.Abs(finiteDifference)))
            {
                Assert.Fail($"{c.Name}: {what}({x:R}) = {symbolic:R}, finite difference {finiteDifference:R} ({what} = {ExprWriter.Write(derivative, ExprDialect.Math)})");
            }
        }
    }

    [Fact]
    public void KinksTakeTheConventionalOneSidedDerivative()
    {
        // tcnn's convention: ReLU′(0) = 0, and Max/Min take the second argument's derivative on ties.
        var x = Variable.X;
        var relu = Ops.Conditional(ComparisonOperator.Greater, x, Ops.Zero, x, Ops.Zero);
        Assert.Equal(0, Evaluator.Evaluate(Differentiator.Derive(relu), 0));
        Assert.Equal(0, Evaluator.Evaluate(Differentiator.Derive(Ops.Call(MathFunction.Max, x, Ops.Zero)), 0));
        Assert.Equal(0, Evaluator.Evaluate(Differentiator.Derive(Ops.Call(MathFunction.Abs, x)), 0));
    }

    [Fact]
    public void VariableExponentHasNoDerivative()
    {
        var power = new Call(MathFunction.Pow, Variable.X, Variable.X);

        var error = Assert.Throws<DerivativeUnavailableException>(() => Differentiator.Derive(power));
        Assert.Contains("constant exponent", error.Message);
    }
}
