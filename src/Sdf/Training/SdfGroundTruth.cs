using TinyNN.Geometry;

namespace TinyNN.Training;

/// <summary>
/// The shape an SDF is trained on, in the [-1, 1]³ training box: exact signed distances at any points (negative
/// inside) and a triangle surface to sample near-surface points and to measure the learned surface against.
/// </summary>
public abstract class SdfGroundTruth
{
    /// <summary>What the shape is, for logs and metrics.</summary>
    public abstract string Name { get; }

    /// <summary>The surface as triangles, in the training box.</summary>
    public abstract TriangleMesh Surface { get; }

    /// <summary>Signed distances at xyz-interleaved points, computed in parallel.</summary>
    public abstract float[] SignedDistances(float[] points);

    /// <summary>An analytic shape: exact distances; its surface by marching cubes at <paramref name="meshResolution"/>³.</summary>
    public static SdfGroundTruth FromShape(AnalyticShape shape, int meshResolution = 192) => new Analytic(shape, meshResolution);

    /// <summary>
    /// A mesh, normalised into the box (longest side spanning [-0.9, 0.9]): exact point-to-triangle distance,
    /// sign from the generalised winding number (robust on scans with small holes).
    /// </summary>
    public static SdfGroundTruth FromMesh(TriangleMesh mesh, string name) => new Mesh(mesh, name);

    private sealed class Analytic(AnalyticShape shape, int meshResolution) : SdfGroundTruth
    {
        private readonly Lazy<TriangleMesh> surface = new(() => shape.ToMesh(meshResolution));

        public override string Name => shape.Name;

        public override TriangleMesh Surface => surface.Value;

        public override float[] SignedDistances(float[] points) => shape.Sdf(points);
    }

    private sealed class Mesh : SdfGroundTruth
    {
        private readonly MeshDistance distance;

        public Mesh(TriangleMesh mesh, string name)
        {
            ArgumentNullException.ThrowIfNull(mesh);
            if (mesh.TriangleCount == 0) throw new ArgumentException($"{name}: the mesh has no triangles", nameof(mesh));
            Surface = mesh.Normalized();
            distance = new MeshDistance(Surface);
            Name = name;
        }

        public override string Name { get; }

        public override TriangleMesh Surface { get; }

        public override float[] SignedDistances(float[] points) => distance.SignedDistances(points);
    }
}
