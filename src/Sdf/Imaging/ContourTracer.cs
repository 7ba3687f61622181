namespace TinyNN.Imaging;

/// <summary>
/// Level sets of a sampled 2-D field by marching squares: crossings on grid edges by linear interpolation, a
/// saddle cell split by its centre value, and segments chained into polylines (closed where the level set closes).
/// </summary>
public static class ContourTracer
{
    /// <summary>
    /// The polylines where <paramref name="values"/> (row-major, <paramref name="columns"/> × <paramref name="rows"/>)
    /// equals <paramref name="level"/>, in grid coordinates (column, row) with fractional positions along cell edges.
    /// </summary>
    /// <returns>Each polyline's points; a closed one repeats its first point at the end.</returns>
    /// <exception cref="ArgumentException">The grid is smaller than 2 × 2, its size does not match, or a value or the level is not finite.</exception>
    public static List<(double Column, double Row)[]> Trace(ReadOnlySpan<float> values, int columns, int rows, double level)
    {
        if (columns < 2 || rows < 2) throw new ArgumentException($"a contour grid needs at least 2 × 2 samples (got {columns} × {rows})", nameof(columns));
        if (values.Length != (long)columns * rows) throw new ArgumentException($"a {columns} × {rows} grid has {(long)columns * rows} values (got {values.Length})", nameof(values));
        if (!double.IsFinite(level)) throw new ArgumentOutOfRangeException(nameof(level), $"contour level must be finite (got {level})");
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new ArgumentException($"value {i} of the contour grid is {values[i]}; every value must be finite", nameof(values));
        }

        // Edge ids: horizontal edge (c, r)–(c+1, r) is r·(columns−1) + c; vertical edge (c, r)–(c, r+1) follows them.
        var verticalBase = rows * (columns - 1);
        var links = new Dictionary<int, (int First, int Second)>();
        var points = new Dictionary<int, (double Column, double Row)>();
        var grid = values.ToArray();
        bool Above(int c, int r) => grid[r * columns + c] > level;
        (double, double) Crossing(int c0, int r0, int c1, int r1)
        {
            double a = grid[r0 * columns + c0], b = grid[r1 * columns + c1];
            var t = (level - a) / (b - a);
            return (c0 + t * (c1 - c0), r0 + t * (r1 - r0));
        }
        void Link(int from, int to)
        {
            links[from] = links.TryGetValue(from, out var l) ? (l.First, to) : (to, -1);
            links[to] = links.TryGetValue(to, out var m) ? (m.First, from) : (from, -1);
        }

        for (var r = 0; r + 1 < rows; r++)
        {
            for (var c = 0; c + 1 < columns; c++)
            {
                // Corners in order top-left, top-right, bottom-right, bottom-left; edges top, right, bottom, left.
                int top = r * (columns - 1) + c, bottom = (r + 1) * (columns - 1) + c, left = verticalBase + r * columns + c, right = left + 1;
                bool a = Above(c, r), b = Above(c + 1, r), d = Above(c + 1, r + 1), e = Above(c, r + 1);
                var crossed = new List<int>(4);
                if (a != b) { crossed.Add(top); points.TryAdd(top, Crossing(c, r, c + 1, r)); }
                if (b != d) { crossed.Add(right); points.TryAdd(right, Crossing(c + 1, r, c + 1, r + 1)); }
                if (d != e) { crossed.Add(bottom); points.TryAdd(bottom, Crossing(c, r + 1, c + 1, r + 1)); }
                if (e != a) { crossed.Add(left); points.TryAdd(left, Crossing(c, r, c, r + 1)); }
                if (crossed.Count == 2)
                {
                    Link(crossed[0], crossed[1]);
                }
                else if (crossed.Count == 4)
                {
                    // A saddle: the centre's side decides which corners the level set separates.
                    var centreAbove = (grid[r * columns + c] + grid[r * columns + c + 1] + grid[(r + 1) * columns + c + 1] + grid[(r + 1) * columns + c]) / 4 > level;
                    if (centreAbove == a) { Link(top, right); Link(bottom, left); }
                    else { Link(top, left); Link(right, bottom); }
                }
            }
        }

        var lines = new List<(double, double)[]>();
        var visited = new HashSet<int>();
        // Open polylines start at an end (one neighbour); what is left afterwards is closed loops.
        foreach (var start in links.Where(l => l.Value.Second < 0).Select(l => l.Key).ToList()) Walk(start, closed: false);
        foreach (var start in links.Keys.ToList()) Walk(start, closed: true);
        return lines;

        void Walk(int start, bool closed)
        {
            if (!visited.Add(start)) return;
            var path = new List<(double, double)> { points[start] };
            int previous = -1, current = start;
            while (true)
            {
                var (first, second) = links[current];
                var next = first != previous ? first : second;
                if (next < 0 || next == start || !visited.Add(next)) break;
                path.Add(points[next]);
                previous = current;
                current = next;
            }
            if (closed) path.Add(points[start]);
            lines.Add([.. path]);
        }
    }
}
