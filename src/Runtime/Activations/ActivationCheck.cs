using TinyNN.Devices;

namespace TinyNN.Activations;

/// <summary>One activation's generated f, f′, f″ run on a device, against its float64 reference.</summary>
/// <param name="Name">The activation.</param>
/// <param name="ForwardError">max |f − f₆₄| / max(1, max |f₆₄|) over the points.</param>
/// <param name="DerivativeError">The same for f′.</param>
/// <param name="SecondDerivativeError">The same for f″.</param>
/// <param name="AllFinite">No NaN or ∞ where the reference is finite.</param>
public sealed record ActivationCheckResult(string Name, double ForwardError, double DerivativeError, double SecondDerivativeError, bool AllFinite)
{
    /// <summary>The largest of the three errors.</summary>
    public double WorstError => Math.Max(ForwardError, Math.Max(DerivativeError, SecondDerivativeError));
}

/// <summary>
/// Evaluates every activation's generated code inside a kernel and compares it with the float64 twin the
/// generator also emits. Scale-relative errors: the kernels use float32 and, on CUDA, approximate exp/log.
/// </summary>
public static class ActivationCheck
{
    /// <summary>4,097 evenly spaced points on [−range, range] plus the kinks' neighbourhoods.</summary>
    public static float[] Points(float range = 8f)
    {
        var points = new List<float>();
        for (var i = 0; i <= 4096; i++) points.Add(-range + 2f * range * i / 4096f);
        points.AddRange([0f, 1e-3f, -1e-3f, 1e-6f, -1e-6f]);
        return [.. points];
    }

    /// <summary>Runs <paramref name="activation"/> on <paramref name="device"/> at <paramref name="points"/>.</summary>
    public static ActivationCheckResult Run(ActivationInfo activation, ComputeDevice device, float[] points)
    {
        var values = activation.EvaluateOnDevice(device, points);
        var finite = true;
        double Error(float[] actual, Func<double, double> reference)
        {
            double worst = 0, scale = 1;
            for (var i = 0; i < points.Length; i++)
            {
                var r = reference(points[i]);
                if (!double.IsFinite(r)) continue;
                if (!float.IsFinite(actual[i])) finite = false;
                scale = Math.Max(scale, Math.Abs(r));
                worst = Math.Max(worst, Math.Abs(actual[i] - r));
            }
            return worst / scale;
        }
        return new ActivationCheckResult(activation.Name,
            Error(values.Value, activation.Forward64),
            Error(values.Derivative, activation.Derivative64),
            Error(values.SecondDerivative, activation.SecondDerivative64),
            finite);
    }
}
