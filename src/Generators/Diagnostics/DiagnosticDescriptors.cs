using Microsoft.CodeAnalysis;

namespace TinyNN.Generators.Diagnostics;

/// <summary>Every diagnostic TinyNN's generator reports, in one table (IDs are stable; docs/diagnostics.md explains each).</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "TinyNN";

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        id: "TNN0001",
        title: "Unsupported construct in an activation formula",
        messageFormat: "'{0}' is not supported in the formula of '{1}': {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Formulas may use float arithmetic (+ - * / and unary -), float literals, const fields, MathF.Exp/Log/Sin/Cos/Tanh/Sqrt/Abs/Max/Min, MathF.Pow with a constant exponent, MathF.PI/E, calls of the type's own Forward/Derivative, and conditionals on comparisons (<, <=, >, >=).");

    public static readonly DiagnosticDescriptor InvalidSignature = new(
        id: "TNN0002",
        title: "Activation method has the wrong signature",
        messageFormat: "'{0}.{1}' must be declared as 'public static float {1}(float x) => ...;' (got '{2}')",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        id: "TNN0003",
        title: "Declared type must be a top-level partial struct",
        messageFormat: "Type '{0}' must be a top-level 'partial struct' so the generator can complete it ({1})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        id: "TNN0004",
        title: "Duplicate activation name",
        messageFormat: "Activation name '{0}' is declared by both '{1}' and '{2}'; names must be unique, since configs select activations by name",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DerivativeUnavailable = new(
        id: "TNN0005",
        title: "Derivative cannot be formed",
        messageFormat: "The derivative of '{0}' in '{1}' cannot be formed: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingForward = new(
        id: "TNN0006",
        title: "Activation has no Forward formula",
        messageFormat: "Activation type '{0}' declares no formula: add an expression-bodied 'public static float Forward(float x)'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidName = new(
        id: "TNN0007",
        title: "Invalid activation name",
        messageFormat: "Activation name '{0}' on '{1}' is invalid: use a non-empty name of letters, digits and '_', like tcnn's \"Softplus\"",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedWidth = new(
        id: "TNN0008",
        title: "Unsupported fused width",
        messageFormat: "FusedVector width must be a multiple of 16 from 16 to 128 (got {0}); use Mlp for other widths",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedNetworkShape = new(
        id: "TNN0009",
        title: "Unsupported fused network shape",
        messageFormat: "FusedNetwork '{0}': {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A fused network's width must be one a [FusedVector] struct is declared for, in its project or a referenced one (use Mlp for other widths), and it needs at least one hidden layer.");

    public static readonly DiagnosticDescriptor NotAnActivation = new(
        id: "TNN0010",
        title: "Network activation is not an activation",
        messageFormat: "FusedNetwork '{0}': the {1} '{2}' is not an activation; pass a struct marked [Activation], such as typeof(Softplus)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkNotPartial = new(
        id: "TNN0011",
        title: "Declared network must be a top-level partial class",
        messageFormat: "Type '{0}' must be a top-level, non-generic 'partial class' so the generator can complete it ({1})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedBlockShape = new(
        id: "TNN0012",
        title: "Unsupported fused block shape",
        messageFormat: "FusedBlock {0}×{1}: rows and columns must each be 4, 8, 12 or 16 (operands are read as 4-float quads, and a thread holds rows × columns sums in registers)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
