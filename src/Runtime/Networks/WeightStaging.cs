using ILGPU;

namespace TinyNN.Networks;

/// <summary>
/// How the tiled products (<see cref="TileProducts"/>) stage their A operand 32 columns at a time into the shared
/// slice, as [k][width] with quads XOR-swizzled by k: from the call's <see cref="WeightImage"/> a straight copy, else
/// gathered from the parameters (<see cref="WeightSource"/>).
/// </summary>
internal static class WeightStaging
{
    /// <summary>Weight columns staged per step (the slices of <see cref="WeightImage"/>).</summary>
    private const int Depth = WeightImage.Depth;

    /// <summary>
    /// Columns k0 … k0 + 31 of A into the slice: with the call's <see cref="WeightImage"/> a straight copy
    /// (<see cref="CopySlice"/>); without one (inference) width × 32 elements gathered by width threads, a warp storing
    /// 4 lines × 8 columns a step, sixteen loads issued before their stores (<see cref="SwizzledSlice.StageLines(ArrayView{float}, int, ArrayView{float}, int, int, int, int, int, int)"/>).
    /// A slice inside the depth reads through one origin with 32-bit offsets, lines past A as zeros; only the last,
    /// partial slice of a depth that is not a multiple of 32 checks each element.
    /// </summary>
    public static void Stage(ArrayView<Float4> slice, WeightSource source, int rows, int depth, int width, int k0, int stageK, int stageLine,
        int linesPerStep)
    {
        if (source.Image.Length > 0)
        {
            CopySlice(slice, source.Image, k0, width);
            return;
        }
        var staged = slice.Cast<float>();
        var a = source.Operand;
        if (k0 + Depth <= depth)
        {
            // Lines past A (a thin product's padding: the output layer, dL/dx) are zeros.
            var origin = stageLine < rows ? a.Origin(stageLine, k0 + stageK) : default;
            SwizzledSlice.StageLines(staged, width, origin, a.RowStride, a.SampleStride, stageK, stageLine, linesPerStep, rows);
            return;
        }
        for (var e = 0; e < Depth; e += 8)
        {
            var line = stageLine + linesPerStep * (e >> 2);
            var next = line + linesPerStep;
            float v0 = Element(a, rows, depth, k0 + stageK, line), v1 = Element(a, rows, depth, k0 + stageK + 8, line),
                v2 = Element(a, rows, depth, k0 + stageK + 16, line), v3 = Element(a, rows, depth, k0 + stageK + 24, line),
                v4 = Element(a, rows, depth, k0 + stageK, next), v5 = Element(a, rows, depth, k0 + stageK + 8, next),
                v6 = Element(a, rows, depth, k0 + stageK + 16, next), v7 = Element(a, rows, depth, k0 + stageK + 24, next);
            staged[Slot(width, stageK, line)] = v0;
            staged[Slot(width, stageK + 8, line)] = v1;
            staged[Slot(width, stageK + 16, line)] = v2;
            staged[Slot(width, stageK + 24, line)] = v3;
            staged[Slot(width, stageK, next)] = v4;
            staged[Slot(width, stageK + 8, next)] = v5;
            staged[Slot(width, stageK + 16, next)] = v6;
            staged[Slot(width, stageK + 24, next)] = v7;
        }
    }

    /// <summary>
    /// The slice of k0 … k0 + 31 from the call's <see cref="WeightImage"/>, already in the staged layout: thread t
    /// copies quads t, t + width, … (8 each), all eight loads before their stores.
    /// </summary>
    private static void CopySlice(ArrayView<Float4> slice, ArrayView<Float4> image, int k0, int width)
    {
        var thread = Group.IdxX;
        var from = (k0 >> 5) * WeightImage.SliceQuads(width) + thread;
        Float4 q0 = image[from], q1 = image[from + width], q2 = image[from + 2 * width], q3 = image[from + 3 * width],
            q4 = image[from + 4 * width], q5 = image[from + 5 * width], q6 = image[from + 6 * width], q7 = image[from + 7 * width];
        slice[thread] = q0;
        slice[thread + width] = q1;
        slice[thread + 2 * width] = q2;
        slice[thread + 3 * width] = q3;
        slice[thread + 4 * width] = q4;
        slice[thread + 5 * width] = q5;
        slice[thread + 6 * width] = q6;
        slice[thread + 7 * width] = q7;
    }

    /// <summary>Element (line, k) of A, or 0 outside it.</summary>
    private static float Element(StridedOperand a, int rows, int depth, int k, int line) => k < depth && line < rows ? a.At(line, k) : 0f;

    /// <summary>Where A's element (line, k) of the slice lives: [k][width] with quads XOR-swizzled by k.</summary>
    private static int Slot(int width, int k, int line) => SwizzledSlice.Slot(width, k, line);
}
