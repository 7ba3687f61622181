using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>Built-in solids with exact signed distance functions, for `tinynn sdf` without an input mesh.</summary>
public static class AnalyticShapes
{
    /// <summary>
    /// Two interlocked tori like chain links, one thick (R 0.4, r 0.12, in the xy-plane) and one thin (R 0.4, r 0.06, in
    /// the xz-plane), each passing through the other's hole, plus a ball of radius 0.18. Genus 2, a thin part, and exact:
    /// the parts are disjoint (the links are 0.22 apart, the ball at least 0.22 from either) and all lie within
    /// [−0.72, 0.66] × [−0.52, 0.63] × [−0.46, 0.63].
    /// </summary>
    public static AnalyticShape ChainLinks { get; } = new(
        "chain-links",
        "two interlocked tori (minor radii 0.12 and 0.06) and a ball, disjoint, exact SDF",
        [
            new SdfTorus(new Vector3(-0.2f, 0, 0), Vector3.UnitZ, 0.4f, 0.12f),
            new SdfTorus(new Vector3(0.2f, 0, 0), Vector3.UnitY, 0.4f, 0.06f),
            new SdfSphere(new Vector3(0.45f, 0.45f, 0.45f), 0.18f),
        ]);

    /// <summary>The shape `tinynn sdf` trains on when given no mesh.</summary>
    public static AnalyticShape Default => ChainLinks;

    /// <summary>Every built-in shape.</summary>
    public static IReadOnlyList<AnalyticShape> All { get; } = [ChainLinks];

    /// <summary>The built-in shape called <paramref name="name"/>.</summary>
    public static AnalyticShape Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var shape in All)
        {
            if (shape.Name == name) return shape;
        }
        throw new ArgumentException($"unknown shape '{name}'; accepted: {string.Join(", ", All.Select(s => s.Name))}", nameof(name));
    }
}
