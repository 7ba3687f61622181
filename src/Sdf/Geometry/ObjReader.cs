using System.Globalization;
using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// Wavefront OBJ: 'v x y z' vertices and 'f' faces whose corners are written v, v/vt, v//vn or v/vt/vn, with
/// 1-based or negative (relative to the last vertex so far) indices; polygons are fan-triangulated. Every other
/// statement (vt, vn, g, o, s, usemtl, l, …) is ignored.
/// </summary>
internal static class ObjReader
{
    public static TriangleMesh Read(string path)
    {
        var vertices = new List<Vector3>();
        var triangles = new List<int>();
        var corners = new List<int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.AsSpan();
            var comment = text.IndexOf('#');
            if (comment >= 0) text = text[..comment];
            var tokens = new Tokens(text);
            if (!tokens.Next(out var keyword)) continue;
            if (keyword.SequenceEqual("v"))
            {
                vertices.Add(new Vector3(Coordinate(ref tokens, path, lineNumber), Coordinate(ref tokens, path, lineNumber), Coordinate(ref tokens, path, lineNumber)));
            }
            else if (keyword.SequenceEqual("f"))
            {
                corners.Clear();
                while (tokens.Next(out var corner)) corners.Add(VertexIndex(corner, vertices.Count, path, lineNumber));
                if (corners.Count < 3) throw Error(path, lineNumber, $"a face needs at least 3 vertices (got {corners.Count})");
                for (var i = 1; i + 1 < corners.Count; i++)
                {
                    triangles.Add(corners[0]);
                    triangles.Add(corners[i]);
                    triangles.Add(corners[i + 1]);
                }
            }
        }
        if (vertices.Count == 0) throw new InvalidDataException($"{path}: no vertices ('v' lines); expected an OBJ triangle mesh");
        if (triangles.Count == 0) throw new InvalidDataException($"{path}: no faces ('f' lines); expected an OBJ triangle mesh, not a point cloud");
        return new TriangleMesh(vertices.ToArray(), triangles.ToArray(), validate: false);
    }

    private static float Coordinate(ref Tokens tokens, string path, int lineNumber)
    {
        if (!tokens.Next(out var token)) throw Error(path, lineNumber, "a vertex needs 3 coordinates 'v x y z'");
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw Error(path, lineNumber, $"vertex coordinate '{token}' is not a finite number");
        }
        return value;
    }

    /// <summary>The 0-based vertex index of a face corner 'v', 'v/vt', 'v//vn' or 'v/vt/vn'.</summary>
    private static int VertexIndex(ReadOnlySpan<char> corner, int vertexCount, string path, int lineNumber)
    {
        var slash = corner.IndexOf('/');
        var text = slash >= 0 ? corner[..slash] : corner;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw Error(path, lineNumber, $"face corner '{corner}' does not start with an integer vertex index");
        }
        var resolved = index > 0 ? index - 1 : vertexCount + index;
        if (index == 0 || resolved < 0 || resolved >= vertexCount)
        {
            var range = vertexCount == 0 ? "no vertices are defined before this line" : $"accepted 1..{vertexCount} or -{vertexCount}..-1 (vertices defined so far)";
            throw Error(path, lineNumber, $"face index {index} is out of range; {range}");
        }
        return resolved;
    }

    private static InvalidDataException Error(string path, int lineNumber, string message) => new($"{path} line {lineNumber}: {message}");

    /// <summary>Whitespace-separated tokens of one line.</summary>
    private ref struct Tokens(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> _rest = text;

        public bool Next(out ReadOnlySpan<char> token)
        {
            _rest = _rest.TrimStart();
            if (_rest.IsEmpty)
            {
                token = default;
                return false;
            }
            var end = 0;
            while (end < _rest.Length && !char.IsWhiteSpace(_rest[end])) end++;
            token = _rest[..end];
            _rest = _rest[end..];
            return true;
        }
    }
}
