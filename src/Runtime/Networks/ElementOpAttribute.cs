namespace TinyNN.Networks;

/// <summary>
/// Declares a tiled pass's elementwise step (<see cref="IElementOp{TSelf}"/>) on a <c>partial struct</c>: the generator
/// adds its <see cref="IElementOp{TSelf}.At"/>, which binds every <see cref="StridedOperand"/> field to the block's
/// origin (<see cref="StridedOperand.Bound"/>), so a new step declares only its operands, loads and math.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ElementOpAttribute : Attribute;
