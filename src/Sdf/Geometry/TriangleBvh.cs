using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// A bounding volume hierarchy over a mesh's triangles, built by median splits along the longest axis of the
/// triangle centroids' box. Nodes are stored depth first: an inner node's left child follows it, its right child is at
/// <see cref="Node.Right"/>. Leaves own a contiguous range of the reordered triangles.
/// </summary>
internal sealed class TriangleBvh
{
    /// <summary>Triangles a leaf holds at most.</summary>
    public const int LeafSize = 4;

    /// <summary>
    /// Traversal stack size: median splits give depth ≤ ⌈log₂(2³¹/LeafSize)⌉ + 1 ≤ 31, and a depth-first traversal
    /// holds at most one pending sibling a level plus the node in hand.
    /// </summary>
    public const int StackSize = 64;

    /// <summary>One node: its box and either two children (Count = 0) or a range of triangles (Count &gt; 0).</summary>
    public readonly record struct Node(Box3 Box, int Start, int Count, int Right)
    {
        public bool IsLeaf => Count > 0;
    }

    public TriangleBvh(TriangleMesh mesh)
    {
        var count = mesh.TriangleCount;
        if (count == 0) throw new ArgumentException("the mesh has no triangles", nameof(mesh));
        var centroids = new Vector3[count];
        var order = new int[count];
        for (var t = 0; t < count; t++)
        {
            var (a, b, c) = mesh.Corners(t);
            centroids[t] = (a + b + c) / 3f;
            order[t] = t;
        }
        var nodes = new List<Node>(2 * count / LeafSize + 1);
        Build(mesh, centroids, order, 0, count, nodes);
        Nodes = nodes.ToArray();
        OriginalTriangle = order;
        Corners = new Vector3[3 * count];
        for (var i = 0; i < count; i++)
        {
            var (a, b, c) = mesh.Corners(order[i]);
            Corners[3 * i] = a;
            Corners[3 * i + 1] = b;
            Corners[3 * i + 2] = c;
        }
    }

    /// <summary>The nodes, root first.</summary>
    public Node[] Nodes { get; }

    /// <summary>The corners of the reordered triangles, three a triangle, so that a leaf reads one contiguous block.</summary>
    public Vector3[] Corners { get; }

    /// <summary>The mesh's index of each reordered triangle.</summary>
    public int[] OriginalTriangle { get; }

    private static int Build(TriangleMesh mesh, Vector3[] centroids, int[] order, int start, int count, List<Node> nodes)
    {
        var box = Box3.Empty;
        var centroidBox = Box3.Empty;
        for (var i = start; i < start + count; i++)
        {
            var (a, b, c) = mesh.Corners(order[i]);
            box = box.Including(a).Including(b).Including(c);
            centroidBox = centroidBox.Including(centroids[order[i]]);
        }
        var index = nodes.Count;
        if (count <= LeafSize)
        {
            nodes.Add(new Node(box, start, count, -1));
            return index;
        }
        nodes.Add(default);
        var size = centroidBox.Size;
        var axis = size.X >= size.Y && size.X >= size.Z ? 0 : size.Y >= size.Z ? 1 : 2;
        var half = count / 2;
        SelectMedian(centroids, order, start, start + count - 1, start + half, axis);
        Build(mesh, centroids, order, start, half, nodes);
        var right = Build(mesh, centroids, order, start + half, count - half, nodes);
        nodes[index] = new Node(box, start, 0, right);
        return index;
    }

    /// <summary>Quickselect: reorders order[lo..hi] so that position k holds the element of rank k along the axis.</summary>
    private static void SelectMedian(Vector3[] centroids, int[] order, int lo, int hi, int k, int axis)
    {
        while (lo < hi)
        {
            var pivot = Coordinate(centroids[order[(lo + hi) >> 1]], axis);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Coordinate(centroids[order[i]], axis) < pivot) i++;
                while (Coordinate(centroids[order[j]], axis) > pivot) j--;
                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static float Coordinate(Vector3 v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };
}
