using TinyNN.Generators.Activations;
using TinyNN.Generators.Symbolic;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Symbolic;

/// <summary>The IR read from a declaration must compute what the C# method computes, C# quirks included.</summary>
public sealed class FormulaParserTests
{
    private static Expr ForwardOf(string formula, string members = "")
    {
        var run = GeneratorHarness.Run($$"""
            using TinyNN.Activations;

            [Activation("Parsed")]
            public partial struct Parsed
            {
                {{members}}
                public static float Forward(float x) => {{formula}};
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        var model = (ActivationModel)Assert.Single(run.GeneratorResult.TrackedSteps[TrackingNames.Models]).Outputs.Single().Value;
        return model.Forward;
    }

    [Theory]
    [InlineData("1 / 2 * x", 0)]             // integer division: C# computes 0, not 0.5
    [InlineData("x * (7 / 2)", 3 * 2)]
    [InlineData("1f / 2 * x", 0.5 * 2)]      // a float operand makes it float division
    [InlineData("N / 4 * x", 2 * 2)]         // const int fields divide as integers too
    [InlineData("x / N", 2.0 / 9)]
    public void IntegerSubexpressionsTruncateAsInCSharp(string formula, double valueAtTwo)
    {
        var forward = ForwardOf(formula, "public const int N = 9;");

        Assert.Equal(valueAtTwo, Evaluator.Evaluate(forward, 2), 12);
    }

    [Fact]
    public void OwnConstantsKeepTheirNamesAndOthersBecomeLiterals()
    {
        var forward = ForwardOf("K * x + MathF.PI", "public const float K = 3f;");

        Assert.Equal(Ops.Add(Ops.Mul(new NamedConstant("K", 3), Variable.X), Ops.Const(MathF.PI)), forward);
    }

    [Fact]
    public void CallsOfTheTypesOwnFormulasAreInlined()
    {
        var run = GeneratorHarness.Run("""
            using TinyNN.Activations;

            [Activation("Inlined")]
            public partial struct Inlined
            {
                public static float Forward(float x) => MathF.Exp(2f * x);

                public static float Derivative(float x) => 2f * Forward(x);
            }
            """);
        var model = (ActivationModel)Assert.Single(run.GeneratorResult.TrackedSteps[TrackingNames.Models]).Outputs.Single().Value;

        Assert.Equal("2·exp(2·x)", ExprWriter.Write(model.Derivative, ExprDialect.Math));
        Assert.Equal("2·exp(2·x)", ExprWriter.Write(model.SymbolicDerivative!, ExprDialect.Math));
    }
}
