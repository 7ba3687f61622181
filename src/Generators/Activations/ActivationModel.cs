using TinyNN.Generators.Models;
using TinyNN.Generators.Symbolic;

namespace TinyNN.Generators.Activations;

/// <summary>
/// Everything needed to emit one activation, as plain equatable values (no symbols or syntax), so an edit
/// elsewhere leaves the emission step cached. Derivatives are formed at extraction time.
/// </summary>
internal sealed record ActivationModel(
    string? Namespace,
    string TypeName,
    bool IsReadOnly,
    string ActivationName,
    Expr Forward,
    Expr Derivative,
    Expr SecondDerivative,
    bool DeclaresDerivative,
    bool DeclaresSecondDerivative,
    Expr? SymbolicDerivative,
    Expr? SymbolicSecondDerivative,
    int? Order);

/// <summary>The outcome of reading one [Activation] declaration: a model when valid, diagnostics otherwise.</summary>
internal sealed record ActivationDeclaration(
    string ActivationName,
    string MetadataName,
    ActivationModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Two declarations that claim one name (metadata names, so the report can find them again).</summary>
internal sealed record DuplicateActivation(string ActivationName, string FirstMetadataName, string SecondMetadataName);

/// <summary>
/// What the registration file needs of one activation: its type as the emitted code names it and the Order its
/// attribute sets (null: the attribute's default, which the generated call leaves to the constructor).
/// </summary>
internal sealed record RegisteredActivation(string QualifiedTypeName, int? Order);
