namespace TinyNN.Geometry;

/// <summary>Reads triangle meshes from OBJ and PLY files; malformed files fail with the file, the line or byte, and what was expected.</summary>
public static class MeshReader
{
    /// <summary>The file extensions <see cref="Read"/> accepts.</summary>
    public static IReadOnlyList<string> AcceptedExtensions { get; } = [".obj", ".ply"];

    /// <summary>Reads <paramref name="path"/> by its extension: .obj (Wavefront) or .ply (Stanford; ascii or binary).</summary>
    public static TriangleMesh Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".obj" => ReadObj(path),
            ".ply" => ReadPly(path),
            var other => throw new NotSupportedException(
                $"{path}: unknown mesh format '{(other.Length == 0 ? "(no extension)" : other)}'; accepted extensions: {string.Join(", ", AcceptedExtensions)}"),
        };
    }

    /// <summary>
    /// Reads a Wavefront OBJ file: 'v' vertices and 'f' faces (v, v/vt, v//vn, v/vt/vn corners, negative indices
    /// relative to the last vertex, polygons fan-triangulated); other statements are ignored.
    /// </summary>
    public static TriangleMesh ReadObj(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ObjReader.Read(path);
    }

    /// <summary>
    /// Reads a PLY file (ascii, binary_little_endian or binary_big_endian): vertex x, y, z of any scalar type and the
    /// face 'vertex_indices' or 'vertex_index' list (polygons fan-triangulated); other properties and elements are skipped.
    /// </summary>
    public static TriangleMesh ReadPly(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return PlyReader.Read(path);
    }
}
