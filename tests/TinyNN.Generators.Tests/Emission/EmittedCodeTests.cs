using System.Reflection;
using Microsoft.CodeAnalysis;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Emission;

/// <summary>
/// The generated code compiled and run: values of the emitted derivatives against closed forms, for declarations
/// that once produced wrong code silently (named arguments read by position; a const named like a generated
/// parameter or local, which the generated name shadowed).
/// </summary>
public sealed class EmittedCodeTests
{
    private static MethodInfo Compile(string source, string type, string method)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputErrors);
        using var stream = new MemoryStream();
        var emitted = run.OutputCompilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var assembly = Assembly.Load(stream.ToArray());
        return assembly.GetType(type)!.GetMethod(method, [typeof(double)])!;
    }

    [Fact]
    public void NamedArgumentsBindByName()
    {
        // f = x³ written with the arguments swapped by name: f′ = 3x², f″ = 6x.
        var source = """
            using TinyNN.Activations;

            [Activation("Cube")]
            public partial struct Cube { public static float Forward(float v) => MathF.Pow(y: 3f, x: v); }
            """;
        Assert.Equal(3 * 1.5 * 1.5, (double)Compile(source, "Cube", "Derivative").Invoke(null, [1.5])!, 12);
        Assert.Equal(6 * 1.5, (double)Compile(source, "Cube", "SecondDerivative").Invoke(null, [1.5])!, 12);
    }

    [Fact]
    public void ConstantsNamedLikeGeneratedNamesAreNotShadowed()
    {
        // f = x·e^(t0·x) + x² with consts named x and t0: f′ = e^(t0·x)(1 + t0·x) + 2x.
        var source = """
            using TinyNN.Activations;

            [Activation("Clash")]
            public partial struct Clash
            {
                public const float x = 0.25f;
                public const float t0 = 2f;
                public static float Forward(float v) => v * MathF.Exp(t0 * v) + v * v + x;
            }
            """;
        const double at = 0.7;
        var expected = Math.Exp(2 * at) * (1 + 2 * at) + 2 * at;
        Assert.Equal(expected, (double)Compile(source, "Clash", "Derivative").Invoke(null, [at])!, 10);
    }
}
