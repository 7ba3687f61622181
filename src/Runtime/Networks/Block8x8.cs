namespace TinyNN.Networks;

/// <summary>
/// An 8×8 block of dW sums one thread of <see cref="TiledOuterProductKernel"/> keeps in registers (written out
/// element by element: ILGPU does not unroll loops, and an indexed array would live in local memory).
/// </summary>
internal struct Block8x8
{
    public float S00, S01, S02, S03, S04, S05, S06, S07;
    public float S10, S11, S12, S13, S14, S15, S16, S17;
    public float S20, S21, S22, S23, S24, S25, S26, S27;
    public float S30, S31, S32, S33, S34, S35, S36, S37;
    public float S40, S41, S42, S43, S44, S45, S46, S47;
    public float S50, S51, S52, S53, S54, S55, S56, S57;
    public float S60, S61, S62, S63, S64, S65, S66, S67;
    public float S70, S71, S72, S73, S74, S75, S76, S77;

    /// <summary>The block plus the outer product of rows (a0, a1) and columns (b0, b1): 64 multiply-adds.</summary>
    public static Block8x8 Add(Block8x8 s, Float4 a0, Float4 a1, Float4 b0, Float4 b1)
    {
        s.S00 += a0.X * b0.X; s.S01 += a0.X * b0.Y; s.S02 += a0.X * b0.Z; s.S03 += a0.X * b0.W; s.S04 += a0.X * b1.X; s.S05 += a0.X * b1.Y; s.S06 += a0.X * b1.Z; s.S07 += a0.X * b1.W;
        s.S10 += a0.Y * b0.X; s.S11 += a0.Y * b0.Y; s.S12 += a0.Y * b0.Z; s.S13 += a0.Y * b0.W; s.S14 += a0.Y * b1.X; s.S15 += a0.Y * b1.Y; s.S16 += a0.Y * b1.Z; s.S17 += a0.Y * b1.W;
        s.S20 += a0.Z * b0.X; s.S21 += a0.Z * b0.Y; s.S22 += a0.Z * b0.Z; s.S23 += a0.Z * b0.W; s.S24 += a0.Z * b1.X; s.S25 += a0.Z * b1.Y; s.S26 += a0.Z * b1.Z; s.S27 += a0.Z * b1.W;
        s.S30 += a0.W * b0.X; s.S31 += a0.W * b0.Y; s.S32 += a0.W * b0.Z; s.S33 += a0.W * b0.W; s.S34 += a0.W * b1.X; s.S35 += a0.W * b1.Y; s.S36 += a0.W * b1.Z; s.S37 += a0.W * b1.W;
        s.S40 += a1.X * b0.X; s.S41 += a1.X * b0.Y; s.S42 += a1.X * b0.Z; s.S43 += a1.X * b0.W; s.S44 += a1.X * b1.X; s.S45 += a1.X * b1.Y; s.S46 += a1.X * b1.Z; s.S47 += a1.X * b1.W;
        s.S50 += a1.Y * b0.X; s.S51 += a1.Y * b0.Y; s.S52 += a1.Y * b0.Z; s.S53 += a1.Y * b0.W; s.S54 += a1.Y * b1.X; s.S55 += a1.Y * b1.Y; s.S56 += a1.Y * b1.Z; s.S57 += a1.Y * b1.W;
        s.S60 += a1.Z * b0.X; s.S61 += a1.Z * b0.Y; s.S62 += a1.Z * b0.Z; s.S63 += a1.Z * b0.W; s.S64 += a1.Z * b1.X; s.S65 += a1.Z * b1.Y; s.S66 += a1.Z * b1.Z; s.S67 += a1.Z * b1.W;
        s.S70 += a1.W * b0.X; s.S71 += a1.W * b0.Y; s.S72 += a1.W * b0.Z; s.S73 += a1.W * b0.W; s.S74 += a1.W * b1.X; s.S75 += a1.W * b1.Y; s.S76 += a1.W * b1.Z; s.S77 += a1.W * b1.W;
        return s;
    }

    /// <summary>
    /// Applies <paramref name="op"/> to every element inside the matrix (row &lt; rows, sample &lt; samples): the elementwise
    /// step that follows a layer's product, with its loads and stores of kept vectors. Element (i, j) is neuron row + i
    /// of sample sample + j·step. A row's eight loads are issued before its first store, so their latencies overlap
    /// (a store between two loads would keep the compiler from moving the second load up).
    /// </summary>
    public static Block8x8 Map<TOp>(Block8x8 b, TOp op, int rows, int samples, int row, int sample, int step) where TOp : struct, IElementOp
    {
        if (row + 0 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 0, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 0, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 0, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 0, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 0, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 0, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 0, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 0, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S00 = op.Apply(b.S00, l0, row + 0, sample + 0 * step); if (sample + 1 * step < samples) b.S01 = op.Apply(b.S01, l1, row + 0, sample + 1 * step); if (sample + 2 * step < samples) b.S02 = op.Apply(b.S02, l2, row + 0, sample + 2 * step); if (sample + 3 * step < samples) b.S03 = op.Apply(b.S03, l3, row + 0, sample + 3 * step); if (sample + 4 * step < samples) b.S04 = op.Apply(b.S04, l4, row + 0, sample + 4 * step); if (sample + 5 * step < samples) b.S05 = op.Apply(b.S05, l5, row + 0, sample + 5 * step); if (sample + 6 * step < samples) b.S06 = op.Apply(b.S06, l6, row + 0, sample + 6 * step); if (sample + 7 * step < samples) b.S07 = op.Apply(b.S07, l7, row + 0, sample + 7 * step);
        }
        if (row + 1 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 1, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 1, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 1, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 1, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 1, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 1, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 1, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 1, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S10 = op.Apply(b.S10, l0, row + 1, sample + 0 * step); if (sample + 1 * step < samples) b.S11 = op.Apply(b.S11, l1, row + 1, sample + 1 * step); if (sample + 2 * step < samples) b.S12 = op.Apply(b.S12, l2, row + 1, sample + 2 * step); if (sample + 3 * step < samples) b.S13 = op.Apply(b.S13, l3, row + 1, sample + 3 * step); if (sample + 4 * step < samples) b.S14 = op.Apply(b.S14, l4, row + 1, sample + 4 * step); if (sample + 5 * step < samples) b.S15 = op.Apply(b.S15, l5, row + 1, sample + 5 * step); if (sample + 6 * step < samples) b.S16 = op.Apply(b.S16, l6, row + 1, sample + 6 * step); if (sample + 7 * step < samples) b.S17 = op.Apply(b.S17, l7, row + 1, sample + 7 * step);
        }
        if (row + 2 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 2, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 2, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 2, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 2, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 2, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 2, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 2, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 2, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S20 = op.Apply(b.S20, l0, row + 2, sample + 0 * step); if (sample + 1 * step < samples) b.S21 = op.Apply(b.S21, l1, row + 2, sample + 1 * step); if (sample + 2 * step < samples) b.S22 = op.Apply(b.S22, l2, row + 2, sample + 2 * step); if (sample + 3 * step < samples) b.S23 = op.Apply(b.S23, l3, row + 2, sample + 3 * step); if (sample + 4 * step < samples) b.S24 = op.Apply(b.S24, l4, row + 2, sample + 4 * step); if (sample + 5 * step < samples) b.S25 = op.Apply(b.S25, l5, row + 2, sample + 5 * step); if (sample + 6 * step < samples) b.S26 = op.Apply(b.S26, l6, row + 2, sample + 6 * step); if (sample + 7 * step < samples) b.S27 = op.Apply(b.S27, l7, row + 2, sample + 7 * step);
        }
        if (row + 3 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 3, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 3, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 3, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 3, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 3, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 3, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 3, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 3, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S30 = op.Apply(b.S30, l0, row + 3, sample + 0 * step); if (sample + 1 * step < samples) b.S31 = op.Apply(b.S31, l1, row + 3, sample + 1 * step); if (sample + 2 * step < samples) b.S32 = op.Apply(b.S32, l2, row + 3, sample + 2 * step); if (sample + 3 * step < samples) b.S33 = op.Apply(b.S33, l3, row + 3, sample + 3 * step); if (sample + 4 * step < samples) b.S34 = op.Apply(b.S34, l4, row + 3, sample + 4 * step); if (sample + 5 * step < samples) b.S35 = op.Apply(b.S35, l5, row + 3, sample + 5 * step); if (sample + 6 * step < samples) b.S36 = op.Apply(b.S36, l6, row + 3, sample + 6 * step); if (sample + 7 * step < samples) b.S37 = op.Apply(b.S37, l7, row + 3, sample + 7 * step);
        }
        if (row + 4 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 4, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 4, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 4, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 4, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 4, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 4, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 4, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 4, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S40 = op.Apply(b.S40, l0, row + 4, sample + 0 * step); if (sample + 1 * step < samples) b.S41 = op.Apply(b.S41, l1, row + 4, sample + 1 * step); if (sample + 2 * step < samples) b.S42 = op.Apply(b.S42, l2, row + 4, sample + 2 * step); if (sample + 3 * step < samples) b.S43 = op.Apply(b.S43, l3, row + 4, sample + 3 * step); if (sample + 4 * step < samples) b.S44 = op.Apply(b.S44, l4, row + 4, sample + 4 * step); if (sample + 5 * step < samples) b.S45 = op.Apply(b.S45, l5, row + 4, sample + 5 * step); if (sample + 6 * step < samples) b.S46 = op.Apply(b.S46, l6, row + 4, sample + 6 * step); if (sample + 7 * step < samples) b.S47 = op.Apply(b.S47, l7, row + 4, sample + 7 * step);
        }
        if (row + 5 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 5, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 5, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 5, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 5, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 5, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 5, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 5, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 5, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S50 = op.Apply(b.S50, l0, row + 5, sample + 0 * step); if (sample + 1 * step < samples) b.S51 = op.Apply(b.S51, l1, row + 5, sample + 1 * step); if (sample + 2 * step < samples) b.S52 = op.Apply(b.S52, l2, row + 5, sample + 2 * step); if (sample + 3 * step < samples) b.S53 = op.Apply(b.S53, l3, row + 5, sample + 3 * step); if (sample + 4 * step < samples) b.S54 = op.Apply(b.S54, l4, row + 5, sample + 4 * step); if (sample + 5 * step < samples) b.S55 = op.Apply(b.S55, l5, row + 5, sample + 5 * step); if (sample + 6 * step < samples) b.S56 = op.Apply(b.S56, l6, row + 5, sample + 6 * step); if (sample + 7 * step < samples) b.S57 = op.Apply(b.S57, l7, row + 5, sample + 7 * step);
        }
        if (row + 6 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 6, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 6, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 6, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 6, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 6, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 6, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 6, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 6, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S60 = op.Apply(b.S60, l0, row + 6, sample + 0 * step); if (sample + 1 * step < samples) b.S61 = op.Apply(b.S61, l1, row + 6, sample + 1 * step); if (sample + 2 * step < samples) b.S62 = op.Apply(b.S62, l2, row + 6, sample + 2 * step); if (sample + 3 * step < samples) b.S63 = op.Apply(b.S63, l3, row + 6, sample + 3 * step); if (sample + 4 * step < samples) b.S64 = op.Apply(b.S64, l4, row + 6, sample + 4 * step); if (sample + 5 * step < samples) b.S65 = op.Apply(b.S65, l5, row + 6, sample + 5 * step); if (sample + 6 * step < samples) b.S66 = op.Apply(b.S66, l6, row + 6, sample + 6 * step); if (sample + 7 * step < samples) b.S67 = op.Apply(b.S67, l7, row + 6, sample + 7 * step);
        }
        if (row + 7 < rows)
        {
            var l0 = sample + 0 * step < samples ? op.Load(row + 7, sample + 0 * step) : default; var l1 = sample + 1 * step < samples ? op.Load(row + 7, sample + 1 * step) : default; var l2 = sample + 2 * step < samples ? op.Load(row + 7, sample + 2 * step) : default; var l3 = sample + 3 * step < samples ? op.Load(row + 7, sample + 3 * step) : default; var l4 = sample + 4 * step < samples ? op.Load(row + 7, sample + 4 * step) : default; var l5 = sample + 5 * step < samples ? op.Load(row + 7, sample + 5 * step) : default; var l6 = sample + 6 * step < samples ? op.Load(row + 7, sample + 6 * step) : default; var l7 = sample + 7 * step < samples ? op.Load(row + 7, sample + 7 * step) : default;
            if (sample + 0 * step < samples) b.S70 = op.Apply(b.S70, l0, row + 7, sample + 0 * step); if (sample + 1 * step < samples) b.S71 = op.Apply(b.S71, l1, row + 7, sample + 1 * step); if (sample + 2 * step < samples) b.S72 = op.Apply(b.S72, l2, row + 7, sample + 2 * step); if (sample + 3 * step < samples) b.S73 = op.Apply(b.S73, l3, row + 7, sample + 3 * step); if (sample + 4 * step < samples) b.S74 = op.Apply(b.S74, l4, row + 7, sample + 4 * step); if (sample + 5 * step < samples) b.S75 = op.Apply(b.S75, l5, row + 7, sample + 5 * step); if (sample + 6 * step < samples) b.S76 = op.Apply(b.S76, l6, row + 7, sample + 6 * step); if (sample + 7 * step < samples) b.S77 = op.Apply(b.S77, l7, row + 7, sample + 7 * step);
        }
        return b;
    }

    /// <summary>Writes the block into a [rows][64] shared-memory tile at (row, column), two 16-byte stores a row.</summary>
    public readonly void StoreTile(ILGPU.ArrayView<Float4> tile, int row, int column)
    {
        var quad = column / 4;
        tile[(row + 0) * 16 + quad] = new Float4 { X = S00, Y = S01, Z = S02, W = S03 };
        tile[(row + 0) * 16 + quad + 1] = new Float4 { X = S04, Y = S05, Z = S06, W = S07 };
        tile[(row + 1) * 16 + quad] = new Float4 { X = S10, Y = S11, Z = S12, W = S13 };
        tile[(row + 1) * 16 + quad + 1] = new Float4 { X = S14, Y = S15, Z = S16, W = S17 };
        tile[(row + 2) * 16 + quad] = new Float4 { X = S20, Y = S21, Z = S22, W = S23 };
        tile[(row + 2) * 16 + quad + 1] = new Float4 { X = S24, Y = S25, Z = S26, W = S27 };
        tile[(row + 3) * 16 + quad] = new Float4 { X = S30, Y = S31, Z = S32, W = S33 };
        tile[(row + 3) * 16 + quad + 1] = new Float4 { X = S34, Y = S35, Z = S36, W = S37 };
        tile[(row + 4) * 16 + quad] = new Float4 { X = S40, Y = S41, Z = S42, W = S43 };
        tile[(row + 4) * 16 + quad + 1] = new Float4 { X = S44, Y = S45, Z = S46, W = S47 };
        tile[(row + 5) * 16 + quad] = new Float4 { X = S50, Y = S51, Z = S52, W = S53 };
        tile[(row + 5) * 16 + quad + 1] = new Float4 { X = S54, Y = S55, Z = S56, W = S57 };
        tile[(row + 6) * 16 + quad] = new Float4 { X = S60, Y = S61, Z = S62, W = S63 };
        tile[(row + 6) * 16 + quad + 1] = new Float4 { X = S64, Y = S65, Z = S66, W = S67 };
        tile[(row + 7) * 16 + quad] = new Float4 { X = S70, Y = S71, Z = S72, W = S73 };
        tile[(row + 7) * 16 + quad + 1] = new Float4 { X = S74, Y = S75, Z = S76, W = S77 };
    }

    /// <summary>Writes the rows and columns that exist (row &lt; rows, column &lt; columns) at slice + row·columns + column.</summary>
    public readonly void Store(ILGPU.ArrayView<float> partials, long slice, int rows, int columns, int row, int column)
    {
        if (row + 0 < rows) Row(partials, slice + (long)(row + 0) * columns, columns, column, S00, S01, S02, S03, S04, S05, S06, S07);
        if (row + 1 < rows) Row(partials, slice + (long)(row + 1) * columns, columns, column, S10, S11, S12, S13, S14, S15, S16, S17);
        if (row + 2 < rows) Row(partials, slice + (long)(row + 2) * columns, columns, column, S20, S21, S22, S23, S24, S25, S26, S27);
        if (row + 3 < rows) Row(partials, slice + (long)(row + 3) * columns, columns, column, S30, S31, S32, S33, S34, S35, S36, S37);
        if (row + 4 < rows) Row(partials, slice + (long)(row + 4) * columns, columns, column, S40, S41, S42, S43, S44, S45, S46, S47);
        if (row + 5 < rows) Row(partials, slice + (long)(row + 5) * columns, columns, column, S50, S51, S52, S53, S54, S55, S56, S57);
        if (row + 6 < rows) Row(partials, slice + (long)(row + 6) * columns, columns, column, S60, S61, S62, S63, S64, S65, S66, S67);
        if (row + 7 < rows) Row(partials, slice + (long)(row + 7) * columns, columns, column, S70, S71, S72, S73, S74, S75, S76, S77);
    }

    /// <summary>Writes the rows and columns that exist to y(row + i, column + j).</summary>
    public readonly void Store(StridedOperand y, int rows, int columns, int row, int column)
    {
        if (row + 0 < rows) Row(y, rows, columns, row + 0, column, S00, S01, S02, S03, S04, S05, S06, S07);
        if (row + 1 < rows) Row(y, rows, columns, row + 1, column, S10, S11, S12, S13, S14, S15, S16, S17);
        if (row + 2 < rows) Row(y, rows, columns, row + 2, column, S20, S21, S22, S23, S24, S25, S26, S27);
        if (row + 3 < rows) Row(y, rows, columns, row + 3, column, S30, S31, S32, S33, S34, S35, S36, S37);
        if (row + 4 < rows) Row(y, rows, columns, row + 4, column, S40, S41, S42, S43, S44, S45, S46, S47);
        if (row + 5 < rows) Row(y, rows, columns, row + 5, column, S50, S51, S52, S53, S54, S55, S56, S57);
        if (row + 6 < rows) Row(y, rows, columns, row + 6, column, S60, S61, S62, S63, S64, S65, S66, S67);
        if (row + 7 < rows) Row(y, rows, columns, row + 7, column, S70, S71, S72, S73, S74, S75, S76, S77);
    }

    private static void Row(StridedOperand y, int rows, int columns, int row, int column,
        float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7)
    {
        if (column + 0 < columns) y.Set(row, column + 0, v0);
        if (column + 1 < columns) y.Set(row, column + 1, v1);
        if (column + 2 < columns) y.Set(row, column + 2, v2);
        if (column + 3 < columns) y.Set(row, column + 3, v3);
        if (column + 4 < columns) y.Set(row, column + 4, v4);
        if (column + 5 < columns) y.Set(row, column + 5, v5);
        if (column + 6 < columns) y.Set(row, column + 6, v6);
        if (column + 7 < columns) y.Set(row, column + 7, v7);
    }

    private static void Row(ILGPU.ArrayView<float> partials, long at, int columns, int column,
        float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7)
    {
        if (column + 0 < columns) partials[at + column + 0] = v0;
        if (column + 1 < columns) partials[at + column + 1] = v1;
        if (column + 2 < columns) partials[at + column + 2] = v2;
        if (column + 3 < columns) partials[at + column + 3] = v3;
        if (column + 4 < columns) partials[at + column + 4] = v4;
        if (column + 5 < columns) partials[at + column + 5] = v5;
        if (column + 6 < columns) partials[at + column + 6] = v6;
        if (column + 7 < columns) partials[at + column + 7] = v7;
    }
}
