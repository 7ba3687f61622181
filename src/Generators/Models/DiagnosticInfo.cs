using Microsoft.CodeAnalysis;

namespace TinyNN.Generators.Models;

/// <summary>A diagnostic as plain values (descriptor, location, message arguments), equatable for caching.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] arguments) =>
        Create(descriptor, node?.GetLocation(), arguments);

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, location is null ? null : LocationInfo.From(location), new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, [.. Arguments]);
}
