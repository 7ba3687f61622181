using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Diagnostics;

/// <summary>
/// The generator runs on every keystroke, so half-typed and wrong code must never make it throw: an exception
/// drops all its output (CS8785) and the user sees errors about missing members instead of the real problem.
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["Empty file"] = "",
        ["Attribute alone"] = "[TinyNN.Activations.Activation(",
        ["Incomplete formula"] = Declaration("public static float Forward(float x) => ;"),
        ["Incomplete struct"] = "[TinyNN.Activations.Activation(\"A\")] public partial struct A { public static float Forward(float x) => MathF.Exp(",
        ["Unresolved identifiers"] = Declaration("public static float Forward(float x) => y * Unknown.Call(x) + MathF.Nope(x);"),
        ["Unresolved type"] = Declaration("public static Single2 Forward(Single2 x) => x;"),
        ["Self-recursive Forward"] = Declaration("public static float Forward(float x) => Forward(x) + 1f;"),
        ["Mutually recursive forms"] = Declaration("public static float Forward(float x) => Derivative(x); public static float Derivative(float x) => Forward(x);"),
        ["Attribute without a name"] = "[TinyNN.Activations.Activation] public partial struct A { public static float Forward(float x) => x; }",
        ["Null name"] = "[TinyNN.Activations.Activation(null)] public partial struct A { public static float Forward(float x) => x; }",
        ["Name from a non-constant"] = "[TinyNN.Activations.Activation(A.N)] public partial struct A { public static string N = \"A\"; public static float Forward(float x) => x; }",
        ["Class instead of struct"] = "[TinyNN.Activations.Activation(\"A\")] public partial class A { public static float Forward(float x) => x; }",
        ["Record struct"] = "[TinyNN.Activations.Activation(\"A\")] public partial record struct A { public static float Forward(float x) => x; }",
        ["Attribute on two partial parts"] = Declaration("public static float Forward(float x) => x;") + "\n[TinyNN.Activations.Activation(\"A\")] public partial struct A { }",
        ["Generic and plain struct of one name"] = Declaration("public static float Forward(float x) => x;") + "\n[TinyNN.Activations.Activation(\"G\")] public partial struct A<T> { public static float Forward(float x) => x; }",
        ["Overloaded Forward"] = Declaration("public static float Forward(float x) => x; public static float Forward(float x, float y) => x;"),
        ["Forward without parameters"] = Declaration("public static float Forward() => 1f;"),
        ["Ref parameter"] = Declaration("public static float Forward(ref float x) => x;"),
        ["Two-argument Log"] = Declaration("public static float Forward(float x) => MathF.Log(x, 2f);"),
        ["Overflowing literal"] = Declaration("public static float Forward(float x) => 1e39f * x;"),
        ["Circular constant"] = Declaration("public const float K = K; public static float Forward(float x) => K * x;"),
        ["Infinite exponent"] = Declaration("public static float Forward(float x) => MathF.Pow(x, 1f / 0f);"),
        ["Huge integer exponent"] = Declaration("public static float Forward(float x) => MathF.Pow(x, 1e10f);"),
        ["Division by constant zero"] = Declaration("public static float Forward(float x) => x / 0f + 0f / 0f;"),
        ["Deeply nested formula"] = Declaration("public static float Forward(float x) => " + string.Concat(Enumerable.Repeat("MathF.Sin(", 40)) + "x" + new string(')', 40) + ";"),
        ["Statement lambda in formula"] = Declaration("public static float Forward(float x) => ((Func<float, float>)(y => { return y; }))(x);"),
    };

    private static string Declaration(string members) =>
        $"[TinyNN.Activations.Activation(\"A\")] public partial struct A {{ {members} }}";

    public static TheoryData<string> Cases => new(Inputs.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratorDoesNotThrow(string input)
    {
        var run = GeneratorHarness.Run(Inputs[input]);

        Assert.Null(run.GeneratorResult.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
    }
}
