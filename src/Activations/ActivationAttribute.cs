namespace TinyNN.Activations;

/// <summary>
/// Declares an activation by its formula. Mark a <c>partial struct</c> with it and give an expression-bodied
/// <c>public static float Forward(float x) =&gt; ...</c>; TinyNN's generator derives f′ and f″ symbolically and
/// implements <see cref="IActivation"/>. Optional <c>Derivative</c> / <c>SecondDerivative</c> methods of the same
/// shape replace the derived ones where a numerically better form exists.
/// </summary>
/// <param name="name">The name configs use (tcnn's <c>"activation"</c> field), unique among activations.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ActivationAttribute(string name) : Attribute
{
    /// <summary>The name configs use, e.g. <c>"Softplus"</c>.</summary>
    public string Name { get; } = name;
}
