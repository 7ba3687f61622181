using ILGPU;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Networks;

/// <summary>
/// Float32 products on tensor cores, split into three TF32 products (3×TF32): x = hi + lo with hi x rounded to TF32's
/// 10-bit mantissa and lo the exact remainder, and a·b ≈ lo_a·hi_b + hi_a·lo_b + hi_a·hi_b. The dropped lo·lo term and
/// lo's own truncation to TF32 are about 2⁻²² relative, so the sums keep float32 accuracy (one TF32 product alone is
/// about 2⁻¹¹, far outside the 1e-4 the passes are checked to). One <c>mma.sync.m16n8k8</c> is 1 024 multiply-adds of
/// a warp in one instruction, where the SIMT products issue one FFMA per multiply-add. Finite inputs only: ±∞ splits
/// into ∞ and NaN (so a product with an infinite operand gives NaN where the SIMT path gives ±∞), and |x| within a
/// TF32 rounding step of float32's maximum rounds its high part to ∞. Under the GPU's fast math, x − hi of a denormal
/// result flushes to zero (about 1e-38 absolute).
/// </summary>
public static class Tf32
{
    /// <summary>x rounded to the nearest TF32 value (ties away from zero), as the bits of a float with the low 13 bits clear.</summary>
    public static uint High(float x) => (Interop.FloatAsInt(x) + 0x1000u) & 0xFFFFE000u;

    /// <summary>x − High(x), exact in float32; the tensor core reads its TF32 part.</summary>
    public static uint Low(float x, uint high) => Interop.FloatAsInt(x - Interop.IntAsFloat(high));

    /// <summary>
    /// D = A·B + C for a warp's 16×8 tile (m16n8k8, row-major A, column-major B, TF32 in, float32 accumulate). Lane l =
    /// 4g + t holds a0 = A[g][t], a1 = A[g+8][t], a2 = A[g][t+4], a3 = A[g+8][t+4]; b0 = B[t][g], b1 = B[t+4][g]; and
    /// c0 = C[g][2t], c1 = C[g][2t+1], c2 = C[g+8][2t], c3 = C[g+8][2t+1]. With <see cref="WithEmulatedTensorCores"/> (the
    /// CPU simulator) the same contract is emulated with warp shuffles, so tests can check the layouts that use it.
    /// </summary>
    public static void Mma<TCores>(ref float c0, ref float c1, ref float c2, ref float c3, uint a0, uint a1, uint a2, uint a3, uint b0, uint b1)
        where TCores : struct, ITensorCores
    {
        if (!TCores.Emulated)
        {
            Ref<float> d0 = c0, d1 = c1, d2 = c2, d3 = c3;
            Input<uint> x0 = a0, x1 = a1, x2 = a2, x3 = a3, y0 = b0, y1 = b1;
            CudaAsm.EmitRef("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};",
                ref d0, ref d1, ref d2, ref d3, ref x0, ref x1, ref x2, ref x3, ref y0, ref y1);
            c0 = d0.Value;
            c1 = d1.Value;
            c2 = d2.Value;
            c3 = d3.Value;
            return;
        }
        var lane = Warp.LaneIdx;
        var g = lane >> 2;
        var t = lane & 3;
        for (var k = 0; k < 8; k++)
        {
            // Column k of A is held by lanes 4g' + (k mod 4), in a0/a1 for k < 4 and a2/a3 after; row k of B likewise.
            var low = k < 4;
            var holder = k & 3;
            var top = Warp.Shuffle(Truncated(low ? a0 : a2), 4 * g + holder);
            var bottom = Warp.Shuffle(Truncated(low ? a1 : a3), 4 * g + holder);
            var left = Warp.Shuffle(Truncated(low ? b0 : b1), 8 * t + holder);
            var right = Warp.Shuffle(Truncated(low ? b0 : b1), 8 * t + 4 + holder);
            c0 += top * left;
            c1 += top * right;
            c2 += bottom * left;
            c3 += bottom * right;
        }
    }

    /// <summary>D = A·B + C in 3×TF32 for a tile whose A and B fragments are given split (hi, lo); small terms first.</summary>
    public static void Mma3<TCores>(ref float c0, ref float c1, ref float c2, ref float c3, in FragmentA a, in FragmentB b)
        where TCores : struct, ITensorCores
    {
        Mma<TCores>(ref c0, ref c1, ref c2, ref c3, a.Lo0, a.Lo1, a.Lo2, a.Lo3, b.Hi0, b.Hi1);
        Mma<TCores>(ref c0, ref c1, ref c2, ref c3, a.Hi0, a.Hi1, a.Hi2, a.Hi3, b.Lo0, b.Lo1);
        Mma<TCores>(ref c0, ref c1, ref c2, ref c3, a.Hi0, a.Hi1, a.Hi2, a.Hi3, b.Hi0, b.Hi1);
    }

    /// <summary>The value the tensor core reads from a TF32 operand register: its float bits with the low 13 cleared.</summary>
    private static float Truncated(uint bits) => Interop.IntAsFloat(bits & 0xFFFFE000u);

    /// <summary>
    /// Where a lane's A-fragment elements lie in a staged [k][stride] slice of floats whose quads are XOR-swizzled by
    /// k mod 16 (<see cref="SwizzledSlice.Slot"/>), for the warp's 32 rows from m0 (a multiple of 32): element
    /// (ks + t′, m0 + g + 8r), t′ = t or t + 4, lies at <see cref="Base"/>(ks) + ks-independent lane offsets, since m0/4
    /// and ks &amp; 8 only touch bits ≥ 3 of the quad index and (g/4 + 2r) ^ t′ only the low three.
    /// </summary>
    public readonly struct SwizzledRows
    {
        private readonly int o0, o1, o2, o3, o4, o5, o6, o7;

        /// <summary>The offsets of lane <paramref name="lane"/> (g = lane/4, t = lane mod 4) in a slice of <paramref name="stride"/> floats a row.</summary>
        public SwizzledRows(int stride, int lane)
        {
            var g = lane >> 2;
            var t = lane & 3;
            var gq = g >> 2;
            var g3 = g & 3;
            o0 = t * stride + ((gq ^ t) << 2) + g3;
            o1 = t * stride + (((gq + 2) ^ t) << 2) + g3;
            o2 = t * stride + (((gq + 4) ^ t) << 2) + g3;
            o3 = t * stride + (((gq + 6) ^ t) << 2) + g3;
            o4 = (t + 4) * stride + ((gq ^ (t + 4)) << 2) + g3;
            o5 = (t + 4) * stride + (((gq + 2) ^ (t + 4)) << 2) + g3;
            o6 = (t + 4) * stride + (((gq + 4) ^ (t + 4)) << 2) + g3;
            o7 = (t + 4) * stride + (((gq + 6) ^ (t + 4)) << 2) + g3;
        }

        /// <summary>The warp's part of k-step <paramref name="ks"/>'s addresses: ks·stride + ((m0/4 ^ (ks &amp; 8)) &lt;&lt; 2).</summary>
        public static int Base(int ks, int stride, int m0) => ks * stride + (((m0 >> 2) ^ (ks & 8)) << 2);

        /// <summary>The A fragments of the warp's two 16-row tiles (rows m0 … m0 + 15 and m0 + 16 … m0 + 31) at <paramref name="at"/> = <see cref="Base"/>(ks).</summary>
        public (FragmentA Top, FragmentA Bottom) Fragments(ArrayView<float> slice, int at) =>
            (FragmentA.From(slice[at + o0], slice[at + o1], slice[at + o4], slice[at + o5]),
             FragmentA.From(slice[at + o2], slice[at + o3], slice[at + o6], slice[at + o7]));
    }

    /// <summary>A lane's A fragment (a0 … a3), split into TF32 high and low parts.</summary>
    public struct FragmentA
    {
        /// <summary>High parts.</summary>
        public uint Hi0, Hi1, Hi2, Hi3;
        /// <summary>Low parts.</summary>
        public uint Lo0, Lo1, Lo2, Lo3;

        /// <summary>Splits a0 … a3.</summary>
        public static FragmentA From(float a0, float a1, float a2, float a3)
        {
            FragmentA f;
            f.Hi0 = High(a0);
            f.Hi1 = High(a1);
            f.Hi2 = High(a2);
            f.Hi3 = High(a3);
            f.Lo0 = Low(a0, f.Hi0);
            f.Lo1 = Low(a1, f.Hi1);
            f.Lo2 = Low(a2, f.Hi2);
            f.Lo3 = Low(a3, f.Hi3);
            return f;
        }
    }

    /// <summary>A lane's B fragment (b0, b1), split into TF32 high and low parts.</summary>
    public struct FragmentB
    {
        /// <summary>High parts.</summary>
        public uint Hi0, Hi1;
        /// <summary>Low parts.</summary>
        public uint Lo0, Lo1;

        /// <summary>Splits b0 and b1.</summary>
        public static FragmentB From(float b0, float b1)
        {
            FragmentB f;
            f.Hi0 = High(b0);
            f.Hi1 = High(b1);
            f.Lo0 = Low(b0, f.Hi0);
            f.Lo1 = Low(b1, f.Hi1);
            return f;
        }
    }
}
