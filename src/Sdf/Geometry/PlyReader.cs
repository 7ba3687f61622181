using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// Stanford PLY in ascii, binary_little_endian or binary_big_endian: the 'vertex' element's x, y, z (any scalar type)
/// and the 'face' element's 'vertex_indices' (or 'vertex_index') list; polygons are fan-triangulated. Other properties
/// and elements are read past according to their declared types.
/// </summary>
internal static class PlyReader
{
    public static TriangleMesh Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var header = PlyHeader.Parse(bytes, path);
        var vertexElement = header.Elements.Find(e => e.Name == "vertex")
            ?? throw new InvalidDataException($"{path}: the header has no 'vertex' element; expected 'element vertex <count>' with properties x, y, z");
        var coordinates = new int[3];
        for (var axis = 0; axis < 3; axis++)
        {
            var name = "xyz"[axis].ToString();
            coordinates[axis] = vertexElement.Properties.FindIndex(p => p.Name == name && !p.IsList);
            if (coordinates[axis] < 0) throw new InvalidDataException($"{path}: the 'vertex' element has no scalar property '{name}'");
        }
        var faceElement = header.Elements.Find(e => e.Name == "face")
            ?? throw new InvalidDataException($"{path}: the header has no 'face' element; expected a triangle mesh, not a point cloud");
        var indexList = faceElement.Properties.FindIndex(p => p.IsList && p.Name is "vertex_indices" or "vertex_index");
        if (indexList < 0) throw new InvalidDataException($"{path}: the 'face' element has no list property 'vertex_indices' (or 'vertex_index')");
        if (faceElement.Count == 0) throw new InvalidDataException($"{path}: the 'face' element has 0 faces; expected a triangle mesh");

        PlySource source = header.Format == PlyFormat.Ascii
            ? new AsciiSource(bytes, header, path)
            : new BinarySource(bytes, header, path, header.Format == PlyFormat.BinaryBigEndian);
        var vertices = new Vector3[vertexElement.Count];
        var triangles = new List<int>(3 * faceElement.Count);
        var polygon = new List<int>();
        foreach (var element in header.Elements)
        {
            source.Element = element;
            for (var record = 0; record < element.Count; record++)
            {
                source.Record = record;
                source.BeginRecord();
                for (var p = 0; p < element.Properties.Count; p++)
                {
                    var property = element.Properties[p];
                    source.Property = property;
                    if (!property.IsList)
                    {
                        var value = source.Read(property.Type);
                        if (element == vertexElement) StoreCoordinate(vertices, record, Array.IndexOf(coordinates, p), value, source);
                        continue;
                    }
                    var length = source.ReadCount(property.CountType!.Value);
                    if (element != faceElement || p != indexList)
                    {
                        source.Skip(property.Type, length);
                        continue;
                    }
                    if (length < 3) throw source.Error($"a face needs at least 3 vertices (got {length})");
                    polygon.Clear();
                    for (var k = 0; k < length; k++) polygon.Add(source.ReadIndex(property.Type, vertexElement.Count));
                    for (var k = 1; k + 1 < length; k++)
                    {
                        triangles.Add(polygon[0]);
                        triangles.Add(polygon[k]);
                        triangles.Add(polygon[k + 1]);
                    }
                }
                source.EndRecord();
            }
        }
        return new TriangleMesh(vertices, triangles.ToArray(), validate: false);
    }

    private static void StoreCoordinate(Vector3[] vertices, int record, int axis, double value, PlySource source)
    {
        if (axis < 0) return;
        var coordinate = (float)value;
        if (!float.IsFinite(coordinate)) throw source.Error($"coordinate {value} is not a finite float");
        vertices[record][axis] = coordinate;
    }

    /// <summary>Reads the data section record by record; <see cref="Element"/>, <see cref="Record"/> and <see cref="Property"/> locate errors.</summary>
    private abstract class PlySource(string path)
    {
        public PlyElement Element { get; set; } = null!;

        public int Record { get; set; }

        public PlyProperty? Property { get; set; }

        public virtual void BeginRecord()
        {
        }

        public virtual void EndRecord()
        {
        }

        public abstract double Read(PlyScalar type);

        public virtual void Skip(PlyScalar type, int count)
        {
            for (var i = 0; i < count; i++) Read(type);
        }

        public int ReadCount(PlyScalar type)
        {
            var value = Read(type);
            if (value < 0 || value != Math.Floor(value) || value > int.MaxValue) throw Error($"list length {value} is not an integer ≥ 0");
            return (int)value;
        }

        public int ReadIndex(PlyScalar type, int vertexCount)
        {
            var value = Read(type);
            if (value != Math.Floor(value) || value < 0 || value >= vertexCount)
            {
                throw Error($"vertex index {value} is out of range 0..{vertexCount - 1} (the file has {vertexCount} vertices)");
            }
            return (int)value;
        }

        public InvalidDataException Error(string message) => new($"{path}{Location}: {message}");

        /// <summary>Where the reader is, for messages: " line 12" in ASCII, " at byte 345" in binary.</summary>
        protected abstract string Position { get; }

        private string Location =>
            $"{Position}, element '{Element.Name}' record {Record} of {Element.Count}" + (Property is null ? "" : $", property '{Property.Name}'");
    }

    /// <summary>One record a line, values separated by whitespace.</summary>
    private sealed class AsciiSource : PlySource
    {
        private readonly byte[] _bytes;
        private int _position;
        private int _lineNumber;
        private int _lineEnd;

        public AsciiSource(byte[] bytes, PlyHeader header, string path) : base(path)
        {
            _bytes = bytes;
            _position = header.DataOffset;
            _lineNumber = header.LineCount;
            // A record with properties takes a line of at least one value and a newline: refuse impossible counts before allocating.
            var lines = header.Elements.Where(e => e.Properties.Count > 0).Sum(e => (long)e.Count);
            var available = bytes.Length - header.DataOffset;
            if (2 * lines - 1 > available)
            {
                throw new InvalidDataException($"{path}: truncated: the header declares {header.ElementCounts}, {lines} lines of data, but only {available} bytes follow the header");
            }
        }

        protected override string Position => $" line {_lineNumber}";

        public override void BeginRecord()
        {
            Property = null;
            while (true)
            {
                _lineNumber++;
                if (_position >= _bytes.Length) throw Error("the file ends here (truncated?)");
                var end = Array.IndexOf(_bytes, (byte)'\n', _position);
                _lineEnd = end < 0 ? _bytes.Length : end;
                if (!IsBlank(_position, _lineEnd)) return;
                _position = _lineEnd + 1;
            }
        }

        public override void EndRecord()
        {
            Property = null;
            SkipSpaces();
            if (_position < _lineEnd) throw Error($"unexpected extra value '{Token()}' after the {Element.Properties.Count} declared properties");
            _position = _lineEnd + 1;
        }

        public override double Read(PlyScalar type)
        {
            SkipSpaces();
            if (_position >= _lineEnd) throw Error("the line ends before this value");
            var token = Token();
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw Error($"'{token}' is not a number");
            }
            return value;
        }

        private string Token()
        {
            var start = _position;
            while (_position < _lineEnd && !IsSpace(_bytes[_position])) _position++;
            return System.Text.Encoding.ASCII.GetString(_bytes, start, _position - start);
        }

        private void SkipSpaces()
        {
            while (_position < _lineEnd && IsSpace(_bytes[_position])) _position++;
        }

        private bool IsBlank(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (!IsSpace(_bytes[i])) return false;
            }
            return true;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r';
    }

    /// <summary>Packed values in the declared types and byte order.</summary>
    private sealed class BinarySource : PlySource
    {
        private readonly byte[] _bytes;
        private readonly bool _bigEndian;
        private int _position;

        public BinarySource(byte[] bytes, PlyHeader header, string path, bool bigEndian) : base(path)
        {
            _bytes = bytes;
            _bigEndian = bigEndian;
            _position = header.DataOffset;
            // Refuse a header that promises more records than the bytes can hold before allocating for them.
            long minimum = 0;
            foreach (var element in header.Elements)
            {
                long record = 0;
                foreach (var property in element.Properties) record += PlyHeader.Size(property.CountType ?? property.Type);
                minimum += record * element.Count;
            }
            var available = bytes.Length - header.DataOffset;
            if (minimum > available)
            {
                throw new InvalidDataException($"{path}: truncated: the header declares {header.ElementCounts}, at least {minimum} bytes of data, but only {available} bytes follow the header");
            }
        }

        protected override string Position => $" at byte {_position}";

        public override double Read(PlyScalar type)
        {
            var span = Take(PlyHeader.Size(type));
            return type switch
            {
                PlyScalar.Int8 => (sbyte)span[0],
                PlyScalar.UInt8 => span[0],
                PlyScalar.Int16 => _bigEndian ? BinaryPrimitives.ReadInt16BigEndian(span) : BinaryPrimitives.ReadInt16LittleEndian(span),
                PlyScalar.UInt16 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
                PlyScalar.Int32 => _bigEndian ? BinaryPrimitives.ReadInt32BigEndian(span) : BinaryPrimitives.ReadInt32LittleEndian(span),
                PlyScalar.UInt32 => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
                PlyScalar.Float32 => _bigEndian ? BinaryPrimitives.ReadSingleBigEndian(span) : BinaryPrimitives.ReadSingleLittleEndian(span),
                _ => _bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(span) : BinaryPrimitives.ReadDoubleLittleEndian(span),
            };
        }

        public override void Skip(PlyScalar type, int count) => Take((long)count * PlyHeader.Size(type));

        private ReadOnlySpan<byte> Take(long size)
        {
            if (size > _bytes.Length - _position)
            {
                throw Error($"truncated: {size} more bytes needed but the file ends after {_bytes.Length - _position}");
            }
            var span = _bytes.AsSpan(_position, (int)size);
            _position += (int)size;
            return span;
        }
    }
}
