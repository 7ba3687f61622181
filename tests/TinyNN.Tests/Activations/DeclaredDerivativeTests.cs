using TinyNN.Activations;

namespace TinyNN.Tests.Activations;

/// <summary>
/// Where a declaration gives f′ or f″ explicitly (a better numerical form), it must be the same function as the
/// derivation it replaces: compared in float64 where the derived form is finite.
/// </summary>
public sealed class DeclaredDerivativeTests
{
    public static TheoryData<string> Declared => ["Sigmoid", "Softplus", "SiLU"];

    [Theory, MemberData(nameof(Declared))]
    public void DeclaredFormsEqualTheDerivedOnes(string name)
    {
        (Func<double, double> Declared1, Func<double, double> Derived1, Func<double, double> Declared2, Func<double, double> Derived2) forms = name switch
        {
            "Sigmoid" => (Sigmoid.Derivative, Sigmoid.SymbolicDerivative, Sigmoid.SecondDerivative, Sigmoid.SymbolicSecondDerivative),
            "Softplus" => (Softplus.Derivative, Softplus.SymbolicDerivative, Softplus.SecondDerivative, Softplus.SymbolicSecondDerivative),
            "SiLU" => (SiLU.Derivative, SiLU.SymbolicDerivative, SiLU.SecondDerivative, SiLU.SymbolicSecondDerivative),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var (declared1, derived1, declared2, derived2) = forms;
        var compared = 0;
        for (var x = -20.0; x <= 20.0; x += 0.01)
        {
            if (name == "Softplus" && Math.Abs(x - Softplus.LinearAbove) < 0.02) continue; // the stable branch switch
            foreach (var (declared, derived, what) in new[] { (declared1, derived1, "f'"), (declared2, derived2, "f''") })
            {
                var d = derived(x);
                if (!double.IsFinite(d)) continue;
                compared++;
                // Softplus's stable branch is exact only up to the float rounding of the literal formula (e^-20).
                var tolerance = name == "Softplus" ? 1e-7 : 1e-12;
                Assert.True(Math.Abs(declared(x) - d) <= tolerance * Math.Max(1, Math.Abs(d)), $"{name} {what}({x}): declared {declared(x):R}, derived {d:R}");
            }
        }
        Assert.True(compared > 7000);
    }
}
