using TinyNN.Generators.Symbolic;
using static TinyNN.Generators.Symbolic.Ops;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>A formula built directly from IR nodes, the interval to sample it on, and its kinks (points to keep away from).</summary>
internal sealed record FormulaCase(string Name, Expr Formula, double From, double To, params double[] Kinks);

/// <summary>Formulas that exercise every differentiation rule, alone and composed (chain, product and quotient rules).</summary>
internal static class FormulaCases
{
    private static readonly Expr X = Variable.X;
    private static readonly Expr K = new NamedConstant("K", 1.5);

    private static Expr Exp(Expr u) => Call(MathFunction.Exp, u);
    private static Expr Log(Expr u) => Call(MathFunction.Log, u);
    private static Expr Sin(Expr u) => Call(MathFunction.Sin, u);
    private static Expr Cos(Expr u) => Call(MathFunction.Cos, u);
    private static Expr Tanh(Expr u) => Call(MathFunction.Tanh, u);
    private static Expr Sqrt(Expr u) => Call(MathFunction.Sqrt, u);
    private static Expr Abs(Expr u) => Call(MathFunction.Abs, u);
    private static Expr Max(Expr u, Expr v) => Call(MathFunction.Max, u, v);
    private static Expr Min(Expr u, Expr v) => Call(MathFunction.Min, u, v);
    private static Expr Pow(Expr u, double exponent) => new Call(MathFunction.Pow, u, Const(exponent));
    private static Expr C(double value) => Const(value);
    private static Expr OnePlusXSquared => Add(One, Mul(X, X));

    public static readonly IReadOnlyList<FormulaCase> All =
    [
        // Products and quotients.
        new("x·sin x", Mul(X, Sin(X)), -6, 6),
        new("eˣ·cos x·x", Mul(Mul(Exp(X), Cos(X)), X), -4, 4),
        new("sin x / (1 + x²)", Div(Sin(X), OnePlusXSquared), -6, 6),
        new("x / (x + 3)", Div(X, Add(X, C(3))), -2, 6),
        new("1 / (1 + e⁻ˣ)", Div(One, Add(One, Exp(Neg(X)))), -10, 10),
        new("(x − 1)(x + 2) / eˣ", Div(Mul(Sub(X, One), Add(X, C(2))), Exp(X)), -3, 5),
        // Compositions.
        new("exp(sin x)", Exp(Sin(X)), -6, 6),
        new("log(1 + x²)", Log(OnePlusXSquared), -5, 5),
        new("tanh(K·x)·cos x", Mul(Tanh(Mul(K, X)), Cos(X)), -4, 4),
        new("√(1 + x²)", Sqrt(OnePlusXSquared), -5, 5),
        new("log(eᴷˣ + 1) / K", Div(Log(Add(Exp(Mul(K, X)), One)), K), -8, 8),
        new("sin(cos(tanh x))", Sin(Cos(Tanh(X))), -3, 3),
        // Powers with constant exponents.
        new("x²", Pow(X, 2), -3, 3),
        new("x³", Pow(X, 3), -3, 3),
        new("x⁵ (odd, negative base)", Pow(X, 5), -2, 2),
        new("x^0.5", Pow(X, 0.5), 0.05, 4),
        new("(1 + x²)^0.5", Pow(OnePlusXSquared, 0.5), -4, 4),
        new("x^−1", Pow(X, -1), 0.2, 5),
        new("(1 + x²)^−1", Pow(OnePlusXSquared, -1), -4, 4),
        new("x^2.5", Pow(X, 2.5), 0.05, 4),
        new("(2 + sin x)^−0.5", Pow(Add(C(2), Sin(X)), -0.5), -6, 6),
        new("x^K (named exponent)", new Call(MathFunction.Pow, X, K), 0.1, 4),
        // Kinks: Abs, Max, Min and conditionals, sampled away from the kink.
        new("|x|·x", Mul(Abs(X), X), -3, 3, 0),
        new("|sin x|", Abs(Sin(X)), -3, 3, -Math.PI, 0, Math.PI),
        new("max(x, 0.1x)", Max(X, Mul(C(0.1), X)), -3, 3, 0),
        new("min(x², 1)", Min(Mul(X, X), One), -3, 3, -1, 1),
        new("max(eˣ, 2 − x)", Max(Exp(X), Sub(C(2), X)), -3, 3, 0.4428544010023886),
        new("x > 0 ? x² : sin x", Conditional(ComparisonOperator.Greater, X, Zero, Mul(X, X), Sin(X)), -3, 3, 0),
        new("x < 1 ? eˣ : e·x", Conditional(ComparisonOperator.Less, X, One, Exp(X), Mul(C(Math.E), X)), -3, 3, 1),
        new("x² ≥ 2 ? 2 : x²", Conditional(ComparisonOperator.GreaterOrEqual, Mul(X, X), C(2), C(2), Mul(X, X)), -3, 3, -Math.Sqrt(2), Math.Sqrt(2)),
    ];

    public static FormulaCase Get(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    /// <summary>
    /// At least 200 evenly spaced points of the case's interval (nudged off the grid so none lands on a kink),
    /// none within 1e-3 of a kink, where a finite difference would straddle two pieces.
    /// </summary>
    public static IReadOnlyList<double> SamplePoints(FormulaCase c, int count = 241) =>
        Enumerable.Range(0, count)
            .Select(i => c.From + (c.To - c.From) * (i + 0.37) / count)
            .Where(x => c.Kinks.All(k => Math.Abs(x - k) > 1e-3))
            .ToList();
}
