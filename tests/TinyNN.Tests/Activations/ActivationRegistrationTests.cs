using TinyNN.Activations;

namespace TinyNN.Tests.Activations;

/// <summary>
/// [Activation] declarations reach the registry through the generated module initializer, with no registration call:
/// TinyNN's built-ins in tcnn's order and this test assembly's own (GeluTanh, SoftAbs).
/// </summary>
public sealed class ActivationRegistrationTests
{
    [Fact]
    public void BuiltInsAreListedInTcnnOrderThenTinyNNsOwn()
    {
        string[] expected = ["None", "ReLU", "LeakyReLU", "Exponential", "Sine", "Sigmoid", "Squareplus", "Softplus", "Tanh", "SiLU", "Siren"];

        Assert.Equal(expected, ActivationRegistry.BuiltIn.Select(a => a.Name));
        Assert.Equal(expected, ActivationRegistry.All.Take(expected.Length).Select(a => a.Name));
    }

    [Fact]
    public void DeclaredUserActivationNeedsNoRegistration()
    {
        // Nothing in this test project calls Register<GeluTanh>(): the generated initializer added it.
        var info = ActivationRegistry.Get("gelutanh");

        Assert.Equal(typeof(GeluTanh), info.Type);
        Assert.Equal(GeluTanh.Forward(0.7), info.Forward64(0.7));
        Assert.Contains(ActivationRegistry.All, a => a.Type == typeof(SoftAbs));
        Assert.DoesNotContain(ActivationRegistry.BuiltIn, a => a.Type == typeof(SoftAbs));
    }

    [Fact]
    public void UnknownNameListsTheAcceptedNamesAndHowToAddOne()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationRegistry.Get("Swishy"));

        Assert.StartsWith("unknown activation 'Swishy'; accepted: None, ReLU, LeakyReLU,", e.Message);
        Assert.Contains("GeluTanh", e.Message);
        Assert.Contains("Register<T>()", e.Message);
    }

    [Fact]
    public void EntryDispatchesToItsStructWithoutReflection()
    {
        var visited = new DeclaredActivation<Softplus>().Accept(new TypeOfVisited());

        Assert.Equal(typeof(Softplus), visited);
    }

    [Fact]
    public void NameClashAcrossAssembliesNamesBothTypes()
    {
        // What two assemblies' initializers do when both declare one name (case-insensitively, as configs match).
        DeclaredActivations.Add(new DeclaredActivation<Renamed<ClashName>>());
        DeclaredActivations.Add(new DeclaredActivation<Renamed<ClashNameLowerCase>>());

        var e = Assert.Throws<InvalidOperationException>(() => ActivationRegistry.Get("CLASHPROBE"));

        Assert.Contains(typeof(Renamed<ClashName>).FullName!, e.Message);
        Assert.Contains(typeof(Renamed<ClashNameLowerCase>).FullName!, e.Message);
        Assert.Contains("rename one", e.Message);
    }

    [Fact]
    public void RegisterRejectsATakenNameAndAcceptsARepeat()
    {
        ActivationRegistry.Register<Renamed<AliasName>>();
        ActivationRegistry.Register<Renamed<AliasName>>();

        var e = Assert.Throws<InvalidOperationException>(ActivationRegistry.Register<Renamed<AliasNameAgain>>);

        Assert.Equal(typeof(Renamed<AliasName>), ActivationRegistry.Get("SoftplusAlias").Type);
        Assert.Contains(typeof(Renamed<AliasName>).FullName!, e.Message);
        Assert.Contains(typeof(Renamed<AliasNameAgain>).FullName!, e.Message);
    }

    private sealed class TypeOfVisited : IActivationVisitor<Type>
    {
        public Type Visit<TActivation>() where TActivation : struct, IActivation => typeof(TActivation);
    }

    private interface IProbeName
    {
        static abstract string Value { get; }
    }

    private struct ClashName : IProbeName { public static string Value => "ClashProbe"; }

    private struct ClashNameLowerCase : IProbeName { public static string Value => "clashprobe"; }

    private struct AliasName : IProbeName { public static string Value => "SoftplusAlias"; }

    private struct AliasNameAgain : IProbeName { public static string Value => "SoftplusAlias"; }

    /// <summary>A hand-written IActivation (the generator does not see it): Softplus under another name.</summary>
    private struct Renamed<TName> : IActivation where TName : struct, IProbeName
    {
        public static string Name => TName.Value;
        public static string ForwardFormula => Softplus.ForwardFormula;
        public static string DerivativeFormula => Softplus.DerivativeFormula;
        public static string SecondDerivativeFormula => Softplus.SecondDerivativeFormula;
        public static float Forward(float x) => Softplus.Forward(x);
        public static float Derivative(float x) => Softplus.Derivative(x);
        public static float SecondDerivative(float x) => Softplus.SecondDerivative(x);
        public static float DeviceForward(float x) => Softplus.DeviceForward(x);
        public static float DeviceDerivative(float x) => Softplus.DeviceDerivative(x);
        public static float DeviceSecondDerivative(float x) => Softplus.DeviceSecondDerivative(x);
        public static double Forward(double x) => Softplus.Forward(x);
        public static double Derivative(double x) => Softplus.Derivative(x);
        public static double SecondDerivative(double x) => Softplus.SecondDerivative(x);
    }
}
