using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TinyNN.Geometry;

/// <summary>
/// Writes triangle meshes as OBJ or binary PLY. Each file is written beside its destination under a temporary name
/// and then renamed over it, so a reader never sees a half-written mesh.
/// </summary>
public static class MeshWriter
{
    /// <summary>Writes <paramref name="mesh"/> as Wavefront OBJ: 'v x y z' lines (round-trip precision), then 'f a b c' (1-based).</summary>
    public static void WriteObj(TriangleMesh mesh, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.NewLine = "\n";
            writer.WriteLine($"# {mesh.VertexCount} vertices, {mesh.TriangleCount} triangles (TinyNN)");
            foreach (var v in mesh.Vertices)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"v {v.X:R} {v.Y:R} {v.Z:R}"));
            }
            var triangles = mesh.Triangles;
            for (var t = 0; t < triangles.Length; t += 3)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"f {triangles[t] + 1} {triangles[t + 1] + 1} {triangles[t + 2] + 1}"));
            }
        });
    }

    /// <summary>Writes <paramref name="mesh"/> as binary little-endian PLY: float x, y, z vertices and uchar-counted int vertex_indices faces.</summary>
    public static void WritePly(TriangleMesh mesh, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        WriteAtomically(path, stream =>
        {
            var header = "ply\nformat binary_little_endian 1.0\ncomment TinyNN\n" +
                         $"element vertex {mesh.VertexCount}\nproperty float x\nproperty float y\nproperty float z\n" +
                         $"element face {mesh.TriangleCount}\nproperty list uchar int vertex_indices\nend_header\n";
            using var buffered = new BufferedStream(stream, 1 << 16);
            buffered.Write(Encoding.ASCII.GetBytes(header));
            Span<byte> record = stackalloc byte[13];
            foreach (var v in mesh.Vertices)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record, v.X);
                BinaryPrimitives.WriteSingleLittleEndian(record[4..], v.Y);
                BinaryPrimitives.WriteSingleLittleEndian(record[8..], v.Z);
                buffered.Write(record[..12]);
            }
            var triangles = mesh.Triangles;
            for (var t = 0; t < triangles.Length; t += 3)
            {
                record[0] = 3;
                BinaryPrimitives.WriteInt32LittleEndian(record[1..], triangles[t]);
                BinaryPrimitives.WriteInt32LittleEndian(record[5..], triangles[t + 1]);
                BinaryPrimitives.WriteInt32LittleEndian(record[9..], triangles[t + 2]);
                buffered.Write(record);
            }
        });
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{path}: the directory {directory} does not exist");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write)) write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
