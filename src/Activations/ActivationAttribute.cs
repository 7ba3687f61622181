namespace TinyNN.Activations;

/// <summary>
/// Declares an activation by its formula. Mark a <c>partial struct</c> with it and give an expression-bodied
/// <c>public static float Forward(float x) =&gt; ...</c>; TinyNN's generator derives f′ and f″ symbolically,
/// implements <see cref="IActivation"/> and adds the struct to <see cref="DeclaredActivations"/> when its assembly
/// loads, so configs may name it with no registration call. Optional <c>Derivative</c> / <c>SecondDerivative</c>
/// methods of the same shape replace the derived ones where a numerically better form exists.
/// </summary>
/// <param name="name">The name configs use (tcnn's <c>"activation"</c> field), unique among activations.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ActivationAttribute(string name) : Attribute
{
    /// <summary>The <see cref="Order"/> of a declaration that sets none: after every built-in.</summary>
    public const int DefaultOrder = int.MaxValue;

    /// <summary>The name configs use, e.g. <c>"Softplus"</c>.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// Where the activation sits in listings (ascending; ties in registration order). The built-ins use tcnn's
    /// order, 0 (None) to 9 (SiLU), then TinyNN's own.
    /// </summary>
    public int Order { get; set; } = DefaultOrder;
}
