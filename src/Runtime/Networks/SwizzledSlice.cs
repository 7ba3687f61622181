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

    /// <summary>Four lines (line + i·spacing) of an operand, in registers between their loads and stores.</summary>
    private struct FourLines
    {
        private Line a, b, c, d;

        /// <summary>Loads from <paramref name="at"/> (line), + lineStep a line and + kStep a k; lines at or past <paramref name="available"/> are zeros.</summary>
        public static FourLines Load(ArrayView<float> origin, int at, int lineStep, int kStep, int line, int spacing, int available) => new()
        {
            a = Line.Load(origin, at, kStep, line < available),
            b = Line.Load(origin, at + lineStep, kStep, line + spacing < available),
            c = Line.Load(origin, at + 2 * lineStep, kStep, line + 2 * spacing < available),
            d = Line.Load(origin, at + 3 * lineStep, kStep, line + 3 * spacing < available),
        };

        /// <summary>Into the lines' slots of the slice.</summary>
        public readonly void Store(ArrayView<float> shared, int stride, int stageK, int line, int spacing)
        {
            a.Store(shared, stride, stageK, line);
            b.Store(shared, stride, stageK, line + spacing);
            c.Store(shared, stride, stageK, line + 2 * spacing);
            d.Store(shared, stride, stageK, line + 3 * spacing);
        }
    }

    /// <summary>One line's four staged k (stageK + 8j, j = 0 … 3).</summary>
    private struct Line
    {
        private float k0, k8, k16, k24;

        /// <summary>The line's values from <paramref name="at"/>, + kStep a k; zeros when the line is not <paramref name="present"/>.</summary>
        public static Line Load(ArrayView<float> origin, int at, int kStep, bool present) => new()
        {
            k0 = present ? origin[at] : 0f,
            k8 = present ? origin[at + kStep] : 0f,
            k16 = present ? origin[at + 2 * kStep] : 0f,
            k24 = present ? origin[at + 3 * kStep] : 0f,
        };

        /// <summary>Into the line's slots of the slice.</summary>
        public readonly void Store(ArrayView<float> shared, int stride, int stageK, int line)
        {
            shared[Slot(stride, stageK, line)] = k0;
            shared[Slot(stride, stageK + 8, line)] = k8;
            shared[Slot(stride, stageK + 16, line)] = k16;
            shared[Slot(stride, stageK + 24, line)] = k24;
        }
    }
}
