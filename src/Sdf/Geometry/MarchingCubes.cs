using System.Numerics;

namespace TinyNN.Geometry;

/// <summary>
/// Marching cubes (Lorensen and Cline 1987) on a regular n × n × n grid of samples over a box: the isosurface
/// value = isovalue as a closed triangle mesh wherever it does not reach the grid's boundary. A corner is inside when
/// its value is below the isovalue, so for a signed distance field (negative inside) the triangles face toward
/// positive values, i.e. outward. Vertices on grid edges are shared between the cells that meet there.
/// </summary>
public static class MarchingCubes
{
    /// <summary>Largest samples per axis: n³ values must fit one array.</summary>
    public const int MaxResolution = 1290;

    /// <summary>
    /// Cube corners as (x, y, z) offsets, numbered as in Bourke's table: 0–3 counter-clockwise on the bottom (z = 0)
    /// face starting at the origin, 4–7 above them.
    /// </summary>
    private static readonly (int X, int Y, int Z)[] CornerOffsets =
        [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)];

    /// <summary>Each cube edge as the corner it starts from (its lowest corner) and its axis (0 = x, 1 = y, 2 = z).</summary>
    private static readonly (int Corner, int Axis)[] Edges =
        [(0, 0), (1, 1), (3, 0), (0, 1), (4, 0), (5, 1), (7, 0), (4, 1), (0, 2), (1, 2), (2, 2), (3, 2)];

    /// <summary>
    /// Triangles for each of the 256 inside/outside corner patterns (bit i set = corner i inside), as cube edge numbers
    /// in hexadecimal, three a triangle. Paul Bourke's table ("Polygonising a scalar field", 1994, public domain,
    /// after Cory Gene Bloyd's), transcribed and checked: each case cuts exactly the edges whose ends differ, and its
    /// triangles pair up on every edge inside the cube.
    /// </summary>
    private static readonly string[] TriangleTable =
    [
        "", "083", "019", "183981", "12a", "08312a", "92a029", "2832a8a98",
        "3b2", "0b28b0", "19023b", "1b219b98b", "3a1ba3", "0a108a8ba", "3903b9ba9", "98aa8b",
        "478", "430734", "019847", "419471731", "12a847", "34730412a", "92a902847", "2a9297273794",
        "8473b2", "b47b24204", "90184723b", "47b94b9b2921", "3a13ba784", "1ba14b1047b4", "47890b9bab03", "47b4b99ba",
        "954", "954083", "054150", "854835315", "12a954", "30812a495", "52a542402", "2a5325354348",
        "95423b", "0b208b495", "05401523b", "21525828b485", "a3ba13954", "4950818a18ba", "54050b5bab03", "54858aa8b",
        "978579", "930953573", "078017157", "153357", "978957a12", "a12950530573", "802825857a52", "2a5253357",
        "7957893b2", "95797292027b", "23b018178157", "b21b17715", "958857a13a3b", "5705097b010aba0", "ba0b03a50807570", "ba57b5",
        "a65", "0835a6", "9015a6", "1831985a6", "165261", "165126308", "965906026", "598582526328",
        "23ba65", "b08b20a65", "01923b5a6", "5a61929b298b", "63b653513", "08b0b50515b6", "3b6036065059", "65969bb98",
        "5a6478", "43047365a", "1905a6847", "a65197173794", "612651478", "125526304347", "847905065026", "739794329596269",
        "3b2784a65", "5a647242027b", "01947823b5a6", "9219b294b7b45a6", "8473b53515b6", "51b5b610b7b404b", "059065036b63847", "65969b4797b9",
        "a4964a", "4a649a083", "a01a60640", "83181686461a", "149124264", "308129249264", "024426", "832824426",
        "a49a64b23", "08228b49a4a6", "3b201606461a", "64161a48121b8b1", "964936913b63", "8b1810b61914641", "3b6360064", "648b68",
        "7a678a89a", "0730a709a67a", "a671a7178180", "a67a71173", "126168189867", "269291679093739", "780706602", "732672",
        "23ba68a89867", "20727b09767a9a7", "1801781a767a23b", "b21b17a61671", "896867916b63136", "091b67", "7807063b0b60", "7b6",
        "76b", "308b76", "019b76", "819831b76", "a126b7", "12a3086b7", "2902a96b7", "6b72a3a83a98",
        "723627", "708760620", "276237019", "162186198876", "a76a17137", "a7617a187108", "03707a0a96a7", "76a7a88a9",
        "684b86", "36b306046", "86b846901", "946963931b36", "6846b82a1", "12a30b06b046", "4b846b0292a9", "a93a32943b36463",
        "823842462", "042462", "190234246438", "194142246", "8138618466a1", "a10a06604", "4634386a3039a93", "a946a4",
        "49576b", "083495b76", "50154076b", "b76834354315", "954a1276b", "6b712a083495", "76b54a42a402", "348354325a52b76",
        "723762549", "954086062687", "362376150540", "628687218485158", "954a16176137", "16a176107870954", "40a4a503a6a737a", "76a7a854a48a",
        "6956b9b89", "36b063056095", "0b805b01556b", "6b3635531", "12a95b9b8b56", "0b306b09656912a", "b85b56805a52025", "6b36352a3a53",
        "589528562382", "956960062", "158180568382628", "156216", "13616a386569896", "a10a06950560", "03856a", "a56",
        "b5a75b", "b5ab75830", "5b75ab190", "a75ab7981831", "b12b71751", "08312717572b", "9759279022b7", "75272b592328982",
        "25a235375", "820852875a25", "9015a35373a2", "982921872a25752", "135375", "087071175", "903935537", "987597",
        "5845a8ab8", "5045b05abb30", "01984a8aba45", "ab4a45b34941314", "2512852b8458", "04b0b345b2b151b", "0250592b5458b85", "9452b3",
        "25a352345384", "5a2524420", "3a235a385458019", "5a2524192942", "845853351", "045105", "845853905035", "945",
        "4b749b9ab", "0834979b79ab", "1ab1b414074b", "3143481a474bab4", "4b79b492b912", "9749b791b2b1083", "b74b42240", "b74b42834324",
        "29a279237749", "9a7974a27870207", "37a3a274a1a040a", "1a2874", "491417713", "491417081871", "403743", "487",
        "9a8ab8", "30939bb9a", "01a0a88ab", "31ab3a", "12b1b99b8", "30939b1292b9", "02b80b", "32b",
        "23828aa89", "9a2092", "23828a0181a8", "1a2", "138918", "091", "038", "",
    ];

    /// <summary>
    /// The positions of the n³ grid samples over <paramref name="box"/>, xyz interleaved, x fastest then y then z:
    /// sample (i, j, k) is at index i + n·(j + n·k) and position Min + (Max − Min)·(i, j, k)/(n − 1). Evaluate a field
    /// at these points to get the values <see cref="Extract(float[], int, Box3, float)"/> expects.
    /// </summary>
    public static float[] GridPoints(int resolution, Box3 box) => GridPoints(resolution, box, 0, resolution);

    /// <summary>
    /// The grid points of the z-slices k = <paramref name="firstSlice"/> … <paramref name="firstSlice"/> +
    /// <paramref name="sliceCount"/> − 1, in the same order: values n²·firstSlice onward of the full grid. For evaluating
    /// a large grid a batch of slices at a time.
    /// </summary>
    public static float[] GridPoints(int resolution, Box3 box, int firstSlice, int sliceCount)
    {
        CheckGrid(resolution, box);
        if (firstSlice < 0 || sliceCount < 1 || firstSlice > resolution - sliceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(sliceCount),
                $"slices {firstSlice}..{firstSlice + sliceCount - 1} are not a non-empty range within 0..{resolution - 1}");
        }
        var n = resolution;
        var length = 3L * n * n * sliceCount;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sliceCount),
                $"{sliceCount} slices of {n}² points need {length} floats, more than one array holds; ask for fewer slices at a time");
        }
        var points = new float[length];
        Parallel.For(0, sliceCount, s =>
        {
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    var p = GridPoint(box, n, i, j, firstSlice + s);
                    var index = 3 * (i + n * (j + n * s));
                    points[index] = p.X;
                    points[index + 1] = p.Y;
                    points[index + 2] = p.Z;
                }
            }
        });
        return points;
    }

    /// <summary>Samples <paramref name="field"/> on the grid (in parallel) and extracts its isosurface.</summary>
    public static TriangleMesh Extract(Func<Vector3, float> field, int resolution, Box3 box, float isovalue = 0f)
    {
        ArgumentNullException.ThrowIfNull(field);
        CheckGrid(resolution, box);
        var values = new float[resolution * resolution * resolution];
        Parallel.For(0, resolution, k =>
        {
            for (var j = 0; j < resolution; j++)
            {
                for (var i = 0; i < resolution; i++) values[i + resolution * (j + resolution * k)] = field(GridPoint(box, resolution, i, j, k));
            }
        });
        return Extract(values, resolution, box, isovalue);
    }

    /// <summary>
    /// Extracts the isosurface of grid samples laid out as <see cref="GridPoints(int, Box3)"/> describes
    /// (n³ values, x fastest). Every value must be finite.
    /// </summary>
    public static TriangleMesh Extract(float[] values, int resolution, Box3 box, float isovalue = 0f)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckGrid(resolution, box);
        var n = resolution;
        if (values.Length != n * n * n)
        {
            throw new ArgumentException($"a {n}³ grid needs {n * n * n} values (got {values.Length})", nameof(values));
        }
        if (!float.IsFinite(isovalue)) throw new ArgumentOutOfRangeException(nameof(isovalue), $"isovalue must be finite (got {isovalue})");
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"grid value {i} (i={i % n}, j={i / n % n}, k={i / (n * n)}) is {values[i]}; every value must be finite", nameof(values));
            }
        }
        return new Extractor(values, n, box, isovalue).Run();
    }

    private static Vector3 GridPoint(Box3 box, int n, int i, int j, int k) =>
        box.Min + box.Size * new Vector3(i, j, k) / (n - 1);

    private static void CheckGrid(int resolution, Box3 box)
    {
        if (resolution < 2 || resolution > MaxResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"grid resolution must be 2..{MaxResolution} samples per axis (got {resolution})");
        }
        var size = box.Size;
        if (!(size.X > 0 && size.Y > 0 && size.Z > 0) || !float.IsFinite(size.X) || !float.IsFinite(size.Y) || !float.IsFinite(size.Z))
        {
            throw new ArgumentException($"grid box must be finite with Max > Min on every axis (got {box.Min} to {box.Max})", nameof(box));
        }
    }

    /// <summary>
    /// One extraction, a z-slab of cells at a time. Vertex ids of the grid edges already cut are kept for the two
    /// sample planes of the slab (x and y edges) and for the slab itself (z edges), so memory grows with n², not n³.
    /// </summary>
    private sealed class Extractor(float[] values, int n, Box3 box, float isovalue)
    {
        private readonly List<Vector3> _vertices = [];
        private readonly List<int> _triangles = [];
        private readonly int[][] _xEdges = [new int[n * n], new int[n * n]];
        private readonly int[][] _yEdges = [new int[n * n], new int[n * n]];
        private readonly int[] _zEdges = new int[n * n];

        public TriangleMesh Run()
        {
            Array.Fill(_xEdges[0], -1);
            Array.Fill(_yEdges[0], -1);
            Span<int> cell = stackalloc int[12];
            for (var k = 0; k < n - 1; k++)
            {
                Array.Fill(_xEdges[(k + 1) & 1], -1);
                Array.Fill(_yEdges[(k + 1) & 1], -1);
                Array.Fill(_zEdges, -1);
                for (var j = 0; j < n - 1; j++)
                {
                    for (var i = 0; i < n - 1; i++)
                    {
                        var pattern = 0;
                        for (var c = 0; c < 8; c++)
                        {
                            var (dx, dy, dz) = CornerOffsets[c];
                            if (Value(i + dx, j + dy, k + dz) < isovalue) pattern |= 1 << c;
                        }
                        var triangles = TriangleTable[pattern];
                        if (triangles.Length == 0) continue;
                        for (var t = 0; t < triangles.Length; t += 3)
                        {
                            var a = EdgeVertex(i, j, k, HexDigit(triangles[t]));
                            var b = EdgeVertex(i, j, k, HexDigit(triangles[t + 1]));
                            var c = EdgeVertex(i, j, k, HexDigit(triangles[t + 2]));
                            // The table lists each triangle clockwise seen from outside for this corner numbering: reverse it.
                            _triangles.Add(a);
                            _triangles.Add(c);
                            _triangles.Add(b);
                        }
                    }
                }
            }
            return new TriangleMesh(_vertices.ToArray(), _triangles.ToArray(), validate: false);
        }

        private float Value(int i, int j, int k) => values[i + n * (j + n * k)];

        private static int HexDigit(char c) => c <= '9' ? c - '0' : c - 'a' + 10;

        /// <summary>The id of the vertex on cube edge <paramref name="edge"/> of cell (i, j, k), created on first use.</summary>
        private int EdgeVertex(int i, int j, int k, int edge)
        {
            var (corner, axis) = Edges[edge];
            var (dx, dy, dz) = CornerOffsets[corner];
            int x = i + dx, y = j + dy, z = k + dz;
            var slot = x + n * y;
            var cache = axis switch { 0 => _xEdges[z & 1], 1 => _yEdges[z & 1], _ => _zEdges };
            if (cache[slot] >= 0) return cache[slot];

            // The ends straddle the isovalue (one below, one not), so their values differ and t ∈ [0, 1].
            var from = Value(x, y, z);
            var to = axis switch { 0 => Value(x + 1, y, z), 1 => Value(x, y + 1, z), _ => Value(x, y, z + 1) };
            var t = (isovalue - (double)from) / ((double)to - from);
            var start = GridPoint(box, n, x, y, z);
            var step = box.Size / (n - 1);
            var offset = axis switch { 0 => new Vector3(step.X, 0, 0), 1 => new Vector3(0, step.Y, 0), _ => new Vector3(0, 0, step.Z) };
            cache[slot] = _vertices.Count;
            _vertices.Add(start + (float)t * offset);
            return cache[slot];
        }
    }
}
