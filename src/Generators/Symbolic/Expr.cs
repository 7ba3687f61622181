using System;

namespace TinyNN.Generators.Symbolic;

/// <summary>
/// The generator's expression IR for scalar formulas of one variable x. Records give structural equality, which
/// both the incremental pipeline (caching) and common-subexpression elimination (hash-consing) rely on.
/// Build nodes through <see cref="Ops"/>, which simplifies as it constructs.
/// </summary>
internal abstract record Expr
{
    /// <summary>True when the node does not depend on x (its derivative is structurally zero).</summary>
    public abstract bool IsConstant { get; }
}

/// <summary>A numeric literal (the double value of a float literal, or a folded constant).</summary>
internal sealed record Constant(double Value) : Expr
{
    public override bool IsConstant => true;
}

/// <summary>The activation's input x.</summary>
internal sealed record Variable : Expr
{
    public static readonly Variable X = new();

    public override bool IsConstant => false;
}

/// <summary>A const field of the declaring type, kept by name so the emitted code reads like the declaration.</summary>
internal sealed record NamedConstant(string Name, double Value) : Expr
{
    public override bool IsConstant => true;
}

internal enum BinaryOperator { Add, Subtract, Multiply, Divide }

internal sealed record Negate(Expr Operand) : Expr
{
    public override bool IsConstant => Operand.IsConstant;
}

internal sealed record Binary(BinaryOperator Operator, Expr Left, Expr Right) : Expr
{
    public override bool IsConstant => Left.IsConstant && Right.IsConstant;
}

/// <summary>The MathF functions a formula may call; all are implemented by ILGPU 1.5.3 (with ILGPU.Algorithms).</summary>
internal enum MathFunction { Exp, Log, Sin, Cos, Tanh, Sqrt, Abs, Max, Min, Pow }

/// <summary>A call of a <see cref="MathFunction"/>; <see cref="Second"/> is set for Max, Min and Pow.</summary>
internal sealed record Call(MathFunction Function, Expr Argument, Expr? Second = null) : Expr
{
    public override bool IsConstant => Argument.IsConstant && (Second?.IsConstant ?? true);

    public static int Arity(MathFunction function) =>
        function is MathFunction.Max or MathFunction.Min or MathFunction.Pow ? 2 : 1;
}

internal enum ComparisonOperator { Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary><c>Left op Right ? WhenTrue : WhenFalse</c>: piecewise formulas (ReLU, LeakyReLU, stable Softplus).</summary>
internal sealed record Conditional(ComparisonOperator Operator, Expr Left, Expr Right, Expr WhenTrue, Expr WhenFalse) : Expr
{
    public override bool IsConstant => Left.IsConstant && Right.IsConstant && WhenTrue.IsConstant && WhenFalse.IsConstant;

    public static bool Holds(ComparisonOperator op, double left, double right) => op switch
    {
        ComparisonOperator.Less => left < right,
        ComparisonOperator.LessOrEqual => left <= right,
        ComparisonOperator.Greater => left > right,
        ComparisonOperator.GreaterOrEqual => left >= right,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
