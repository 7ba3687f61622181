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
