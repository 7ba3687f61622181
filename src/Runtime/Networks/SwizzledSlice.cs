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
    /// through <paramref name="origin"/> (element (stageLine, stageK) of the operand) with 32-bit offsets, eight loads
    /// before their stores so that their latencies overlap. Lines at or past <paramref name="available"/> (a thin
    /// operand's padding) are zeros, one predicate a line.
    /// </summary>
    public static void StageLines(ArrayView<float> shared, int stride, ArrayView<float> origin, int rowStride, int sampleStride,
        int stageK, int stageLine, int spacing, int available)
    {
        var lineStep = spacing * rowStride;
        var kStep = 8 * sampleStride;
        for (var m = 0; m < 8; m += 2)
        {
            var at = m * lineStep;
            var next = at + lineStep;
            var line = stageLine + m * spacing;
            bool here = line < available, below = line + spacing < available;
            float v0 = here ? origin[at] : 0f, v1 = here ? origin[at + kStep] : 0f, v2 = here ? origin[at + 2 * kStep] : 0f,
                v3 = here ? origin[at + 3 * kStep] : 0f, v4 = below ? origin[next] : 0f, v5 = below ? origin[next + kStep] : 0f,
                v6 = below ? origin[next + 2 * kStep] : 0f, v7 = below ? origin[next + 3 * kStep] : 0f;
            shared[Slot(stride, stageK, line)] = v0;
            shared[Slot(stride, stageK + 8, line)] = v1;
            shared[Slot(stride, stageK + 16, line)] = v2;
            shared[Slot(stride, stageK + 24, line)] = v3;
            shared[Slot(stride, stageK, line + spacing)] = v4;
            shared[Slot(stride, stageK + 8, line + spacing)] = v5;
            shared[Slot(stride, stageK + 16, line + spacing)] = v6;
            shared[Slot(stride, stageK + 24, line + spacing)] = v7;
        }
    }
}
