using TinyNN.Encodings;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// The spherical-harmonics polynomials themselves: a few against tcnn's own printed forms (sh_enc in common_device.h,
/// off the unit sphere where tcnn's forms differ from other SH conventions), and all 64 orthonormal on the sphere,
/// which pins down every normalisation and sign convention up to tcnn's choices checked by the first test.
/// </summary>
public sealed class SphericalHarmonicsTests
{
    [Fact]
    public void PolynomialsMatchTcnnsFormsOffTheSphere()
    {
        double x = 0.3, y = -0.5, z = 0.7;
        double x2 = x * x, y2 = y * y, z2 = z * z, x4 = x2 * x2, y4 = y2 * y2, z4 = z2 * z2, x6 = x4 * x2, y6 = y4 * y2;
        var tcnn = new Dictionary<int, double>
        {
            [0] = 0.28209479177387814,
            [3] = -0.48860251190291987 * x,
            [6] = 0.94617469575755997 * z2 - 0.31539156525251999,
            [9] = 0.59004358992664352 * y * (-3 * x2 + y2),
            [20] = -3.1735664074561294 * z2 + 3.7024941420321507 * z4 + 0.31735664074561293,
            [27] = -0.48923829943525038 * y * (3 * x2 - y2) * (9 * z2 - 1),
            [44] = 0.46060262975746175 * (x2 - y2) * (11 * z2 * (3 * z2 - 1) - 7 * z2 + 1),
            [51] = -0.51891557872026028 * y * (13 * z2 - 1) * (-10 * x2 * y2 + 5 * x4 + y4),
            [63] = 0.70716273252459627 * x * (-35 * x2 * y4 + 21 * x4 * y2 - x6 + 7 * y6),
        };
        // The encoding's input is in [0, 1]³ and maps to u = 2x − 1.
        var values = EncodingReference.SphericalHarmonics(8).Forward([(x + 1) / 2, (y + 1) / 2, (z + 1) / 2]);
        foreach (var (index, expected) in tcnn) Assert.True(Math.Abs(values[index] - expected) <= 1e-12, $"Y[{index}] = {values[index]:R}, tcnn {expected:R}");
    }

    [Fact]
    public void BasisIsOrthonormalOnTheSphere()
    {
        // Gauss–Legendre in z (16 nodes: exact to degree 31) times the trapezoid rule in φ (32 points: exact for
        // frequencies below 32); products of two degree-7 harmonics are degree 14, so the quadrature is exact.
        var (nodes, weights) = GaussLegendre(16);
        const int azimuths = 32;
        var reference = EncodingReference.SphericalHarmonics(8);
        var gram = new double[64, 64];
        for (var i = 0; i < nodes.Length; i++)
        {
            var z = nodes[i];
            var r = Math.Sqrt(1 - z * z);
            for (var k = 0; k < azimuths; k++)
            {
                var phi = 2 * Math.PI * k / azimuths;
                var y = reference.Forward([(r * Math.Cos(phi) + 1) / 2, (r * Math.Sin(phi) + 1) / 2, (z + 1) / 2]);
                var w = weights[i] * 2 * Math.PI / azimuths;
                for (var a = 0; a < 64; a++)
                {
                    for (var b = 0; b < 64; b++) gram[a, b] += w * y[a] * y[b];
                }
            }
        }
        for (var a = 0; a < 64; a++)
        {
            for (var b = 0; b < 64; b++) Assert.True(Math.Abs(gram[a, b] - (a == b ? 1 : 0)) < 1e-12, $"⟨Y{a}, Y{b}⟩ = {gram[a, b]:R}");
        }
    }

    /// <summary>Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1] (Newton on the three-term recurrence).</summary>
    private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative;
            while (true)
            {
                double p0 = 1, p1 = t;
                for (var k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * t * p1 - (k - 1) * p0) / k);
                derivative = n * (t * p1 - p0) / (t * t - 1);
                var step = p1 / derivative;
                t -= step;
                if (Math.Abs(step) < 1e-15) break;
            }
            nodes[i] = t;
            weights[i] = 2 / ((1 - t * t) * derivative * derivative);
        }
        return (nodes, weights);
    }
}
