namespace TinyNN.Evaluation;

/// <summary>
/// A k-d tree over 3-D points for exact nearest-neighbour queries. Each node splits its points at the median
/// along the axis where they spread most (so flat or thin point sets still split well); leaves of up to
/// <see cref="LeafSize"/> points are searched by brute force.
/// </summary>
public sealed class PointKdTree
{
    private const int LeafSize = 8;
    private readonly float[] _points;   // xyz interleaved, in tree order
    private readonly int[] _original;   // tree order → index in the caller's array
    private readonly byte[] _axis;      // split axis of the node whose median sits at this tree position

    /// <summary>Builds the tree over <paramref name="points"/> (xyz interleaved, at least one point, all finite).</summary>
    /// <exception cref="ArgumentException">The length is not a positive multiple of 3, or a coordinate is not finite.</exception>
    public PointKdTree(ReadOnlySpan<float> points)
    {
        var n = SdfSampler.PointCount(points, nameof(points));
        if (n == 0) throw new ArgumentException("a k-d tree needs at least one point (got 0)", nameof(points));
        for (var i = 0; i < points.Length; i++)
        {
            if (!float.IsFinite(points[i]))
            {
                throw new ArgumentException($"point {i / 3} has a non-finite coordinate {points[i]}", nameof(points));
            }
        }
        var source = points.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        _axis = new byte[n];
        Build(source, order, 0, n);
        _points = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            _points[3 * i] = source[3 * order[i]];
            _points[3 * i + 1] = source[3 * order[i] + 1];
            _points[3 * i + 2] = source[3 * order[i] + 2];
        }
        _original = order;
    }

    /// <summary>The number of points in the tree.</summary>
    public int Count => _original.Length;

    /// <summary>The index (into the array the tree was built from) of the point nearest to (x, y, z), and its Euclidean distance.</summary>
    public (int Index, float Distance) FindNearest(float x, float y, float z)
    {
        if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
        {
            throw new ArgumentException($"query point ({x}, {y}, {z}) must be finite");
        }
        var best = -1;
        var bestSquared = float.PositiveInfinity;
        Search(0, Count, x, y, z, ref best, ref bestSquared);
        return (_original[best], MathF.Sqrt(bestSquared));
    }

    /// <summary>
    /// For each query point (xyz interleaved) writes the index of its nearest tree point and the Euclidean distance
    /// to it; queries run in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not match (3n queries, n indices, n distances) or a query is not finite.</exception>
    public void FindNearest(ReadOnlySpan<float> queries, Span<int> indices, Span<float> distances)
    {
        var n = SdfSampler.PointCount(queries, nameof(queries));
        if (indices.Length != n) throw new ArgumentException($"indices has {indices.Length} elements; {n} queries need {n}", nameof(indices));
        if (distances.Length != n) throw new ArgumentException($"distances has {distances.Length} elements; {n} queries need {n}", nameof(distances));
        var query = queries.ToArray();
        var foundIndex = new int[n];
        var foundDistance = new float[n];
        Parallel.For(0, (n + 1023) / 1024, block =>
        {
            for (var i = block * 1024; i < Math.Min(n, block * 1024 + 1024); i++)
            {
                (foundIndex[i], foundDistance[i]) = FindNearest(query[3 * i], query[3 * i + 1], query[3 * i + 2]);
            }
        });
        foundIndex.CopyTo(indices);
        foundDistance.CopyTo(distances);
    }

    private void Build(float[] source, int[] order, int lo, int hi)
    {
        if (hi - lo <= LeafSize) return;
        var axis = WidestAxis(source, order, lo, hi);
        var mid = (lo + hi) / 2;
        Select(source, order, lo, hi - 1, mid, axis);
        _axis[mid] = (byte)axis;
        Build(source, order, lo, mid);
        Build(source, order, mid + 1, hi);
    }

    private static int WidestAxis(float[] source, int[] order, int lo, int hi)
    {
        Span<float> min = [float.MaxValue, float.MaxValue, float.MaxValue];
        Span<float> max = [float.MinValue, float.MinValue, float.MinValue];
        for (var i = lo; i < hi; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                var v = source[3 * order[i] + a];
                min[a] = MathF.Min(min[a], v);
                max[a] = MathF.Max(max[a], v);
            }
        }
        var spread = new[] { max[0] - min[0], max[1] - min[1], max[2] - min[2] };
        return spread[0] >= spread[1] ? (spread[0] >= spread[2] ? 0 : 2) : (spread[1] >= spread[2] ? 1 : 2);
    }

    /// <summary>Quickselect: reorders order[lo..hi] so that position k holds the median along the axis, smaller before, larger after.</summary>
    private static void Select(float[] source, int[] order, int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            // Median of three as pivot keeps sorted or grid-like input away from the quadratic case.
            var m = (lo + hi) / 2;
            if (Key(source, order[m], axis) < Key(source, order[lo], axis)) (order[m], order[lo]) = (order[lo], order[m]);
            if (Key(source, order[hi], axis) < Key(source, order[lo], axis)) (order[hi], order[lo]) = (order[lo], order[hi]);
            if (Key(source, order[hi], axis) < Key(source, order[m], axis)) (order[hi], order[m]) = (order[m], order[hi]);
            var pivot = Key(source, order[m], axis);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Key(source, order[i], axis) < pivot) i++;
                while (Key(source, order[j], axis) > pivot) j--;
                if (i > j) break;
                (order[i], order[j]) = (order[j], order[i]);
                i++;
                j--;
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static float Key(float[] source, int index, int axis) => source[3 * index + axis];

    private void Search(int lo, int hi, float x, float y, float z, ref int best, ref float bestSquared)
    {
        if (hi - lo <= LeafSize)
        {
            for (var i = lo; i < hi; i++) Visit(i, x, y, z, ref best, ref bestSquared);
            return;
        }
        var mid = (lo + hi) / 2;
        Visit(mid, x, y, z, ref best, ref bestSquared);
        var axis = _axis[mid];
        var difference = (axis == 0 ? x : axis == 1 ? y : z) - _points[3 * mid + axis];
        // Near side first; the far side only while the splitting plane is closer than the best so far.
        if (difference < 0)
        {
            Search(lo, mid, x, y, z, ref best, ref bestSquared);
            if (difference * difference < bestSquared) Search(mid + 1, hi, x, y, z, ref best, ref bestSquared);
        }
        else
        {
            Search(mid + 1, hi, x, y, z, ref best, ref bestSquared);
            if (difference * difference < bestSquared) Search(lo, mid, x, y, z, ref best, ref bestSquared);
        }
    }

    private void Visit(int i, float x, float y, float z, ref int best, ref float bestSquared)
    {
        float dx = x - _points[3 * i], dy = y - _points[3 * i + 1], dz = z - _points[3 * i + 2];
        var squared = dx * dx + dy * dy + dz * dz;
        if (squared < bestSquared)
        {
            bestSquared = squared;
            best = i;
        }
    }
}
