using TinyNN.Activations;

namespace TinyNN.Tests.Activations;

/// <summary>Every activation the tests cover: the built-ins plus the user-declared ones of this project.</summary>
public static class ActivationCases
{
    public static IReadOnlyList<ActivationInfo> All { get; } =
        [.. ActivationRegistry.BuiltIn, ActivationInfo.Of<GeluTanh>(), ActivationInfo.Of<SoftAbs>()];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var a in All) data.Add(a.Name);
        return data;
    }

    public static ActivationInfo Get(string name) => All.Single(a => a.Name == name);

    /// <summary>Where each activation's formula has a kink (FD steps must not straddle it).</summary>
    public static double[] Kinks(string name) => name switch
    {
        "ReLU" or "LeakyReLU" => [0],
        "Softplus" => [Softplus.LinearAbove],
        _ => [],
    };

    /// <summary>Saturating activations are also checked far out, where naive formulas overflow.</summary>
    public static double Range(string name) => name switch
    {
        "Softplus" or "Sigmoid" or "Tanh" or "Squareplus" or "SiLU" => 20,
        "Exponential" => 10,
        "Siren" => 2,
        _ => 8,
    };
}
