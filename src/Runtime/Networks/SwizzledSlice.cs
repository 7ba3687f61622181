using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// A staged [k][stride] slice of shared memory whose quads are XOR-swizzled by k mod 16: the weights a tiled pass
/// multiplies and the operands of the parameter-gradient GEMM. Staging stores of 4 lines × 8 k a warp then hit 32
/// banks, each quad stays contiguous for 16-byte reads, and tensor-core fragments find their elements at offsets
/// that split into a warp part and a lane part (<see cref="Tf32.SwizzledRows"/>).
/// </summary>
internal static class SwizzledSlice
{
    /// <summary>Where element (k, line) lives: quad line/4 XOR (k mod 16), lane line mod 4.</summary>
    public static int Slot(int stride, int k, int line) => k * stride + (((line >> 2) ^ (k & 15)) << 2) + (line & 3);

    /// <summary>
    /// This thread's share of 32 staged k: lines stageLine + m·spacing (m = 0 … 7) × k = stageK + 8j (j = 0 … 3), read
    /// through <paramref name="origin"/> (element (stageLine, stageK) of the operand) with 32-bit offsets, sixteen loads
    /// before their stores, so that their latencies overlap (a streaming GEMM needs many bytes in flight to reach the
    /// memory bandwidth). Lines at or past <paramref name="available"/> (a thin operand's padding) are zeros, one
    /// predicate a line.
    /// </summary>
    public static void StageLines(ArrayView<float> shared, int stride, ArrayView<float> origin, int rowStride, int sampleStride,
        int stageK, int stageLine, int spacing, int available)
    {
        for (var m = 0; m < 8; m += 4)
        {
            var line = stageLine + m * spacing;
            FourLines.Load(origin, m * spacing * rowStride, spacing * rowStride, 8 * sampleStride, line, spacing, available)
                .Store(shared, stride, stageK, line, spacing);
        }
    }

    /// <summary>
    /// <see cref="StageLines(ArrayView{float}, int, ArrayView{float}, int, int, int, int, int, int)"/> of two operands at once (a GEMM's A and B slices): thirty-two loads in flight before
    /// their stores, twice the bytes a thread has in flight for the memory latency to hide behind.
    /// </summary>
    public static void StageLines(ArrayView<float> sharedA, ArrayView<float> originA, int rowStrideA, int sampleStrideA, int availableA,
        ArrayView<float> sharedB, ArrayView<float> originB, int rowStrideB, int sampleStrideB, int availableB,
        int stride, int stageK, int stageLine, int spacing)
    {
        for (var m = 0; m < 8; m += 4)
        {
            var line = stageLine + m * spacing;
            var a = FourLines.Load(originA, m * spacing * rowStrideA, spacing * rowStrideA, 8 * sampleStrideA, line, spacing, availableA);
            var b = FourLines.Load(originB, m * spacing * rowStrideB, spacing * rowStrideB, 8 * sampleStrideB, line, spacing, availableB);
            a.Store(sharedA, stride, stageK, line, spacing);
            b.Store(sharedB, stride, stageK, line, spacing);
        }
    }

    /// <summary>Four lines (line + i·spacing) × four k (stageK + 8j) of an operand, in registers between their loads and stores.</summary>
    private struct FourLines
    {
        private float a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3;

        /// <summary>Loads from <paramref name="at"/> (line), + lineStep a line and + kStep a k; lines at or past <paramref name="available"/> are zeros.</summary>
        public static FourLines Load(ArrayView<float> origin, int at, int lineStep, int kStep, int line, int spacing, int available)
        {
            bool h0 = line < available, h1 = line + spacing < available, h2 = line + 2 * spacing < available, h3 = line + 3 * spacing < available;
            int at1 = at + lineStep, at2 = at1 + lineStep, at3 = at2 + lineStep;
            FourLines v;
            v.a0 = h0 ? origin[at] : 0f;
            v.a1 = h0 ? origin[at + kStep] : 0f;
            v.a2 = h0 ? origin[at + 2 * kStep] : 0f;
            v.a3 = h0 ? origin[at + 3 * kStep] : 0f;
            v.b0 = h1 ? origin[at1] : 0f;
            v.b1 = h1 ? origin[at1 + kStep] : 0f;
            v.b2 = h1 ? origin[at1 + 2 * kStep] : 0f;
            v.b3 = h1 ? origin[at1 + 3 * kStep] : 0f;
            v.c0 = h2 ? origin[at2] : 0f;
            v.c1 = h2 ? origin[at2 + kStep] : 0f;
            v.c2 = h2 ? origin[at2 + 2 * kStep] : 0f;
            v.c3 = h2 ? origin[at2 + 3 * kStep] : 0f;
            v.d0 = h3 ? origin[at3] : 0f;
            v.d1 = h3 ? origin[at3 + kStep] : 0f;
            v.d2 = h3 ? origin[at3 + 2 * kStep] : 0f;
            v.d3 = h3 ? origin[at3 + 3 * kStep] : 0f;
            return v;
        }

        /// <summary>Into the lines' slots of the slice.</summary>
        public readonly void Store(ArrayView<float> shared, int stride, int stageK, int line, int spacing)
        {
            Store4(shared, stride, stageK, line, a0, a1, a2, a3);
            Store4(shared, stride, stageK, line + spacing, b0, b1, b2, b3);
            Store4(shared, stride, stageK, line + 2 * spacing, c0, c1, c2, c3);
            Store4(shared, stride, stageK, line + 3 * spacing, d0, d1, d2, d3);
        }
    }

    /// <summary>One line's four staged k (stageK + 8j) into their slots.</summary>
    private static void Store4(ArrayView<float> shared, int stride, int stageK, int line, float v0, float v1, float v2, float v3)
    {
        shared[Slot(stride, stageK, line)] = v0;
        shared[Slot(stride, stageK + 8, line)] = v1;
        shared[Slot(stride, stageK + 16, line)] = v2;
        shared[Slot(stride, stageK + 24, line)] = v3;
    }
}
