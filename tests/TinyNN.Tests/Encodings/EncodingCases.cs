using TinyNN.Devices;
using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// One encoding configuration: how to build it on a device, its float64 reference (unpadded), the value its padded
/// columns must hold, where to sample inputs, and the float32 tolerance of its kernels against the reference
/// (‖kernel − reference‖ / ‖reference‖ per pass output).
/// </summary>
internal sealed record EncodingCase(
    string Name,
    int InputWidth,
    double Padding,
    bool SecondOrderVanishes,
    double Tolerance,
    Func<ComputeDevice, Encoding> Create,
    Func<EncodingReference> Reference,
    Func<Random, double[]> Sample)
{
    public override string ToString() => Name;
}

/// <summary>
/// The configurations every encoding test runs. Tolerances: float32 rounds each operation to 6e-8 relative, and the
/// encodings are a handful of operations deep, so 1e-5 covers them with a wide margin, except where an input is
/// first multiplied by a large factor: the frequency and triangle-wave arguments (x·2^f·π, x·2^(k−1)) carry an
/// absolute rounding error of |argument|·6e-8 that sin/cos and the wave pass on unchanged, so those cases allow
/// 1e-5 + 1e-7·2^(F−1)·π, i.e. 1e-7 of the largest argument (derivatives scale value and error alike, keeping the relative error).
/// </summary>
internal static class EncodingCases
{
    private const double Float32 = 1e-5;

    public static readonly EncodingCase[] All =
    [
        Identity(3, 1.5f, -0.25f, alignment: 8),
        Identity(2, 1f, 0f, alignment: 1),
        Frequency(3, 1, alignment: 16),
        Frequency(2, 4, alignment: 1),
        Frequency(1, 8, alignment: 32),
        OneBlob(2, 4, alignment: 16),
        OneBlob(3, 16, alignment: 1),
        OneBlob(1, 64, alignment: 128),
        SphericalHarmonics(1, alignment: 16),
        SphericalHarmonics(2, alignment: 1),
        SphericalHarmonics(3, alignment: 16),
        SphericalHarmonics(4, alignment: 1),
        SphericalHarmonics(8, alignment: 80),
        TriangleWave(3, 1, alignment: 16),
        TriangleWave(2, 4, alignment: 1),
        TriangleWave(1, 8, alignment: 16),
        Concatenation(),
        ConcatenationWithPaddedNested(),
        Sum(),
        Product(),
        ProductOfThree(),
    ];

    public static EncodingCase Get(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names(Func<EncodingCase, bool>? include = null)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Where(c => include?.Invoke(c) ?? true)) data.Add(c.Name);
        return data;
    }

    private static double[] Uniform(Random random, int n, double low = 0, double high = 1) =>
        [.. Enumerable.Range(0, n).Select(_ => low + (high - low) * random.NextDouble())];

    private static double FrequencyTolerance(int frequencies) => Float32 + 1e-7 * Math.Pow(2, frequencies - 1) * Math.PI;

    private static EncodingCase Identity(int width, float scale, float offset, int alignment) => new(
        $"Identity(width {width}, scale {scale}, offset {offset}, alignment {alignment})", width, 1, true, Float32,
        d => new IdentityEncoding(d, width, scale, offset, alignment), () => EncodingReference.Identity(width, scale, offset),
        r => Uniform(r, width, -1, 1));

    private static EncodingCase Frequency(int width, int frequencies, int alignment) => new(
        $"Frequency(width {width}, n_frequencies {frequencies}, alignment {alignment})", width, 1, false, FrequencyTolerance(frequencies),
        d => new FrequencyEncoding(d, width, frequencies, alignment), () => EncodingReference.Frequency(width, frequencies),
        r => Uniform(r, width));

    private static EncodingCase OneBlob(int width, int bins, int alignment) => new(
        $"OneBlob(width {width}, n_bins {bins}, alignment {alignment})", width, 1, false, Float32,
        d => new OneBlobEncoding(d, width, bins, alignment), () => EncodingReference.OneBlob(width, bins),
        r => Uniform(r, width));

    private static EncodingCase SphericalHarmonics(int degree, int alignment) => new(
        $"SphericalHarmonics(degree {degree}, alignment {alignment})", 3, 1, false, Float32,
        d => new SphericalHarmonicsEncoding(d, 3, degree, alignment), () => EncodingReference.SphericalHarmonics(degree),
        r => Uniform(r, 3));

    private static EncodingCase TriangleWave(int width, int frequencies, int alignment) => new(
        $"TriangleWave(width {width}, n_frequencies {frequencies}, alignment {alignment})", width, 1, true, FrequencyTolerance(frequencies),
        d => new TriangleWaveEncoding(d, width, frequencies, alignment), () => EncodingReference.TriangleWave(width, frequencies),
        r => AwayFromKinks(r, width, frequencies));

    /// <summary>
    /// Inputs whose every wave phase v = x·2^(k−1) + k/4 keeps 1e-3 from a kink (v mod ½ = 0): a finite difference or a
    /// float32 rounding must not cross one, where the slope jumps.
    /// </summary>
    private static double[] AwayFromKinks(Random random, int width, int frequencies)
    {
        while (true)
        {
            var x = Uniform(random, width);
            var clear = x.All(v => Enumerable.Range(0, frequencies).All(k =>
            {
                var phase = (v * Math.Pow(2, k - 1) + k / 4.0) * 2;
                return Math.Abs(phase - Math.Round(phase)) > 2e-3;
            }));
            if (clear) return x;
        }
    }

    private static EncodingCase Concatenation() => new(
        "Composite Concatenation[Frequency(dims 0-1, n_frequencies 2), Identity(dim 2, scale 2, offset 0.5)] over 4 inputs, alignment 16",
        4, 1, false, FrequencyTolerance(2),
        d => new CompositeEncoding(d, 4, [new FrequencyEncoding(d, 2, 2), new IdentityEncoding(d, 1, 2f, 0.5f)], CompositeReduction.Concatenation, 16),
        () => EncodingReference.Composite(4, CompositeReduction.Concatenation, EncodingReference.Frequency(2, 2), EncodingReference.Identity(1, 2, 0.5)),
        r => Uniform(r, 4));

    private static EncodingCase ConcatenationWithPaddedNested() => new(
        "Composite Concatenation[Identity(dim 0, alignment 4), SphericalHarmonics(dims 1-3, degree 3)], alignment 8",
        4, 1, false, Float32,
        d => new CompositeEncoding(d, 4, [new IdentityEncoding(d, 1, 1f, 0f, alignment: 4), new SphericalHarmonicsEncoding(d, 3, 3)],
            CompositeReduction.Concatenation, 8),
        () => EncodingReference.Composite(4, CompositeReduction.Concatenation, EncodingReference.Identity(1, 1, 0).Padded(4, 1),
            EncodingReference.SphericalHarmonics(3)),
        r => Uniform(r, 4));

    private static EncodingCase Sum() => new(
        "Composite Sum[Frequency(dims 0-1, n_frequencies 1), OneBlob(dim 2, n_bins 4)], alignment 8",
        3, 2, false, Float32,
        d => new CompositeEncoding(d, 3, [new FrequencyEncoding(d, 2, 1), new OneBlobEncoding(d, 1, 4)], CompositeReduction.Sum, 8),
        () => EncodingReference.Composite(3, CompositeReduction.Sum, EncodingReference.Frequency(2, 1), EncodingReference.OneBlob(1, 4)),
        r => Uniform(r, 3));

    private static EncodingCase Product() => new(
        "Composite Product[Frequency(dims 0-1, n_frequencies 1), OneBlob(dim 2, n_bins 4)], alignment 8",
        3, 1, false, Float32,
        d => new CompositeEncoding(d, 3, [new FrequencyEncoding(d, 2, 1), new OneBlobEncoding(d, 1, 4)], CompositeReduction.Product, 8),
        () => EncodingReference.Composite(3, CompositeReduction.Product, EncodingReference.Frequency(2, 1), EncodingReference.OneBlob(1, 4)),
        r => Uniform(r, 3));

    private static EncodingCase ProductOfThree() => new(
        "Composite Product[Frequency(dim 0, n_frequencies 1), Identity(dims 1-2, scale 1.5, offset 0.25), TriangleWave(dim 3, n_frequencies 2)] over 5 inputs, alignment 4",
        5, 1, false, Float32,
        d => new CompositeEncoding(d, 5, [new FrequencyEncoding(d, 1, 1), new IdentityEncoding(d, 2, 1.5f, 0.25f), new TriangleWaveEncoding(d, 1, 2)],
            CompositeReduction.Product, 4),
        () => EncodingReference.Composite(5, CompositeReduction.Product, EncodingReference.Frequency(1, 1), EncodingReference.Identity(2, 1.5, 0.25),
            EncodingReference.TriangleWave(1, 2)),
        r =>
        {
            var x = Uniform(r, 5);
            x[3] = AwayFromKinks(r, 1, 2)[0];
            return x;
        });
}
