using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>The point of a mesh nearest to a query point.</summary>
/// <param name="Point">The nearest point on the surface.</param>
/// <param name="Distance">Its distance from the query point.</param>
/// <param name="Triangle">The index (in the mesh) of the triangle it lies on.</param>
public readonly record struct MeshClosestPoint(Vector3 Point, float Distance, int Triangle);
