using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Encodings;

/// <summary>
/// The F ≤ 8 features of one table entry (or one level's output columns) as scalars: with F a compile-time
/// count, the fields past F are constant zeros that never reach memory, so no local array is needed.
/// </summary>
internal struct GridFeatures
{
    public float V0, V1, V2, V3, V4, V5, V6, V7;

    /// <summary>F consecutive floats from <paramref name="index"/>.</summary>
    public static GridFeatures Load<TF>(ArrayView<float> data, long index) where TF : struct, IGridCount
    {
        var v = default(GridFeatures);
        v.V0 = data[index];
        if (TF.Value > 1) v.V1 = data[index + 1];
        if (TF.Value > 2)
        {
            v.V2 = data[index + 2];
            v.V3 = data[index + 3];
        }
        if (TF.Value > 4)
        {
            v.V4 = data[index + 4];
            v.V5 = data[index + 5];
            v.V6 = data[index + 6];
            v.V7 = data[index + 7];
        }
        return v;
    }

    /// <summary>Writes F consecutive floats at <paramref name="index"/>.</summary>
    public static void Store<TF>(ArrayView<float> data, long index, GridFeatures v) where TF : struct, IGridCount
    {
        data[index] = v.V0;
        if (TF.Value > 1) data[index + 1] = v.V1;
        if (TF.Value > 2)
        {
            data[index + 2] = v.V2;
            data[index + 3] = v.V3;
        }
        if (TF.Value > 4)
        {
            data[index + 4] = v.V4;
            data[index + 5] = v.V5;
            data[index + 6] = v.V6;
            data[index + 7] = v.V7;
        }
    }

    /// <summary>sum + w·v.</summary>
    public static GridFeatures MultiplyAdd<TF>(float w, GridFeatures v, GridFeatures sum) where TF : struct, IGridCount
    {
        sum.V0 += w * v.V0;
        if (TF.Value > 1) sum.V1 += w * v.V1;
        if (TF.Value > 2)
        {
            sum.V2 += w * v.V2;
            sum.V3 += w * v.V3;
        }
        if (TF.Value > 4)
        {
            sum.V4 += w * v.V4;
            sum.V5 += w * v.V5;
            sum.V6 += w * v.V6;
            sum.V7 += w * v.V7;
        }
        return sum;
    }

    /// <summary>Σ_f a_f·b_f.</summary>
    public static float Dot<TF>(GridFeatures a, GridFeatures b) where TF : struct, IGridCount
    {
        var sum = a.V0 * b.V0;
        if (TF.Value > 1) sum += a.V1 * b.V1;
        if (TF.Value > 2) sum += a.V2 * b.V2 + a.V3 * b.V3;
        if (TF.Value > 4) sum += a.V4 * b.V4 + a.V5 * b.V5 + a.V6 * b.V6 + a.V7 * b.V7;
        return sum;
    }

    /// <summary>data[index + f] += w·v_f with atomic adds (entries are shared between samples and, hashed, between vertices).</summary>
    public static void AtomicAdd<TF>(ArrayView<float> data, long index, float w, GridFeatures v) where TF : struct, IGridCount
    {
        FloatAtomics.Add(data, index, w * v.V0);
        if (TF.Value > 1) FloatAtomics.Add(data, index + 1, w * v.V1);
        if (TF.Value > 2)
        {
            FloatAtomics.Add(data, index + 2, w * v.V2);
            FloatAtomics.Add(data, index + 3, w * v.V3);
        }
        if (TF.Value > 4)
        {
            FloatAtomics.Add(data, index + 4, w * v.V4);
            FloatAtomics.Add(data, index + 5, w * v.V5);
            FloatAtomics.Add(data, index + 6, w * v.V6);
            FloatAtomics.Add(data, index + 7, w * v.V7);
        }
    }
}
