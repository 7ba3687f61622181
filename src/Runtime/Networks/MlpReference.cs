using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// A plain float64 MLP in tcnn's layout, written from the math contract with loops and no sharing with the
/// kernels: the oracle the fused passes are checked against (and itself checked against finite differences).
/// </summary>
public sealed class MlpReference(MlpLayout layout, ActivationInfo activation, ActivationInfo outputActivation, double[] parameters)
{
    /// <summary>The flat parameters in tcnn's layout.</summary>
    public double[] Parameters { get; } = parameters;

    private double W(int layer, int row, int column) => Parameters[layout.MatrixOffset(layer) + (long)row * layout.Columns(layer) + column];

    private int Rows(int layer) => layer == layout.HiddenLayers ? layout.OutputWidth : layout.Width;

    private double Sigma(int layer, double p) => layer == layout.HiddenLayers ? outputActivation.Forward64(p) : activation.Forward64(p);

    private double SigmaPrime(int layer, double p) => layer == layout.HiddenLayers ? outputActivation.Derivative64(p) : activation.Derivative64(p);

    private double SigmaSecond(int layer, double p) => layer == layout.HiddenLayers ? outputActivation.SecondDerivative64(p) : activation.SecondDerivative64(p);

    /// <summary>Pre-activations p[k] and layer inputs h[k] of one sample; y = h[L+1].</summary>
    private (double[][] P, double[][] H) Sweep(double[] x)
    {
        var L = layout.HiddenLayers;
        var p = new double[L + 1][];
        var h = new double[L + 2][];
        h[0] = x;
        for (var k = 0; k <= L; k++)
        {
            p[k] = new double[Rows(k)];
            h[k + 1] = new double[Rows(k)];
            for (var i = 0; i < Rows(k); i++)
            {
                double sum = 0;
                for (var j = 0; j < layout.Columns(k); j++) sum += W(k, i, j) * h[k][j];
                p[k][i] = sum;
                h[k + 1][i] = Sigma(k, sum);
            }
        }
        return (p, h);
    }

    /// <summary>y for one sample.</summary>
    public double[] Forward(double[] x) => Sweep(x).H[layout.HiddenLayers + 1];

    /// <summary>dL₁/dx and dL₁/dW (added into <paramref name="gradient"/>) for L₁ = ⟨y, b⟩.</summary>
    public double[] Backward(double[] x, double[] b, double[] gradient)
    {
        var (p, h) = Sweep(x);
        var a = b;
        for (var k = layout.HiddenLayers; k >= 0; k--)
        {
            var delta = new double[Rows(k)];
            for (var i = 0; i < Rows(k); i++) delta[i] = SigmaPrime(k, p[k][i]) * a[i];
            var next = new double[layout.Columns(k)];
            for (var i = 0; i < Rows(k); i++)
            {
                for (var j = 0; j < layout.Columns(k); j++)
                {
                    gradient[layout.MatrixOffset(k) + (long)i * layout.Columns(k) + j] += delta[i] * h[k][j];
                    next[j] += W(k, i, j) * delta[i];
                }
            }
            a = next;
        }
        return a;
    }

    /// <summary>
    /// For L₂ = ⟨dL₁/dx, g₀⟩: returns (dL₂/dx, dL₂/db) and adds dL₂/dW into <paramref name="gradient"/>.
    /// Reverse mode through the tangent graph: ṗₖ = Wₖġₖ, ġₖ₊₁ = σ′(pₖ)ṗₖ, L₂ = ⟨b, ẏ⟩.
    /// </summary>
    public (double[] InputGradient, double[] OutputGradientGradient) BackwardBackward(double[] x, double[] b, double[] g0, double[] gradient)
    {
        var L = layout.HiddenLayers;
        var (p, h) = Sweep(x);
        var u = new double[L + 1][];
        var g = new double[L + 2][];
        g[0] = g0;
        for (var k = 0; k <= L; k++)
        {
            u[k] = new double[Rows(k)];
            g[k + 1] = new double[Rows(k)];
            for (var i = 0; i < Rows(k); i++)
            {
                double sum = 0;
                for (var j = 0; j < layout.Columns(k); j++) sum += W(k, i, j) * g[k][j];
                u[k][i] = sum;
                g[k + 1][i] = SigmaPrime(k, p[k][i]) * sum;
            }
        }
        var a = b;                              // adjoint of the tangent ġ (equals dL₁/dh)
        var hBar = new double[Rows(L)];          // adjoint of h (zero at the output: L₂ does not read y)
        for (var k = L; k >= 0; k--)
        {
            var pBarTangent = new double[Rows(k)];
            var pBar = new double[Rows(k)];
            for (var i = 0; i < Rows(k); i++)
            {
                pBarTangent[i] = SigmaPrime(k, p[k][i]) * a[i];
                pBar[i] = SigmaPrime(k, p[k][i]) * hBar[i] + SigmaSecond(k, p[k][i]) * u[k][i] * a[i];
            }
            var nextA = new double[layout.Columns(k)];
            var nextHBar = new double[layout.Columns(k)];
            for (var i = 0; i < Rows(k); i++)
            {
                for (var j = 0; j < layout.Columns(k); j++)
                {
                    gradient[layout.MatrixOffset(k) + (long)i * layout.Columns(k) + j] += pBarTangent[i] * g[k][j] + pBar[i] * h[k][j];
                    nextA[j] += W(k, i, j) * pBarTangent[i];
                    nextHBar[j] += W(k, i, j) * pBar[i];
                }
            }
            a = nextA;
            hBar = nextHBar;
        }
        return (hBar, g[L + 1]);
    }

    private double[]? scratch;

    /// <summary>
    /// The Eikonal term R = w·(‖s·∇ₓf‖ − 1)² of one sample, f the sum of the outputs: adds dR/dW into
    /// <paramref name="gradient"/> and returns dR/dx and the unweighted residual (‖s·∇ₓf‖ − 1)² (as
    /// <c>EikonalRegularizer</c>'s direction followed by backward of backward).
    /// </summary>
    public (double[] InputGradient, double Residual) Eikonal(double[] x, double weight, double scale, double[] gradient)
    {
        var ones = Enumerable.Repeat(1.0, layout.OutputWidth).ToArray();
        // ∇ₓf is a backward pass's dL₁/dx; its parameter gradient is not wanted, so it goes to a scratch vector.
        var dfdx = Backward(x, ones, scratch ??= new double[layout.ParameterCount]);
        var n = scale * Math.Sqrt(dfdx.Sum(v => v * v));
        var g0 = dfdx.Select(v => weight * 2 * (n - 1) * scale * scale * v / Math.Max(n, 1e-12)).ToArray();
        var (dx, _) = BackwardBackward(x, ones, g0, gradient);
        return (dx, (n - 1) * (n - 1));
    }
}
