using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using TinyNN.Generators.Tests.Harness;

namespace TinyNN.Generators.Tests.Incrementality;

/// <summary>
/// Pipeline values must be plain data: a symbol, syntax node, tree or compilation inside a model keeps a whole
/// compilation alive per keystroke and makes equality (hence caching) fail.
/// </summary>
public sealed class ModelPurityTests
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxToken)];

    [Fact]
    public void NoRoslynObjectIsReachableFromAnyTrackedStep()
    {
        // Valid, invalid and duplicate declarations, so every step and every model shape carries a value.
        var run = GeneratorHarness.Run(
            GeneratorHarness.BuiltIn("Softplus"),
            GeneratorHarness.BuiltIn("SiLU"),
            new TestSource("Users.cs", """
                using TinyNN.Activations;

                [Activation("Softplus")]
                public partial struct MySoftplus
                {
                    public static float Forward(float x) => MathF.Atan(x);
                }
                """));

        var visited = 0;
        foreach (var (name, step) in TrackedSteps.Named(run.GeneratorResult))
        {
            foreach (var (value, _) in step.Outputs)
            {
                Walk(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
            }
        }
        Assert.True(visited > 100, $"only {visited} objects walked: the steps carried less than expected");
    }

    private static void Walk(object? value, string path, HashSet<object> seen, ref int visited)
    {
        if (value is null) return;
        var type = value.GetType();
        var leak = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(leak is null, $"{path} holds a {type.Name} ({leak?.Name})");
        if (type.IsPrimitive || type.IsEnum || value is string or decimal) return;
        if (!type.IsValueType && !seen.Add(value)) return;
        visited++;

        if (value is IEnumerable sequence and not string)
        {
            var index = 0;
            foreach (var item in sequence) Walk(item, $"{path}[{index++}]", seen, ref visited);
        }
        // Fields, not properties: they are what the object holds (record properties and tuple items included).
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || typeof(Delegate).IsAssignableFrom(field.FieldType)) continue;
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen, ref visited);
            }
        }
    }
}
