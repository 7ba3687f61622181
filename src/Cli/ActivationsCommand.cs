using System.Diagnostics;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Cli;

/// <summary>
/// Runs every activation's generated f, f′, f″ in a kernel on the chosen device and prints the error against
/// the float64 reference: a self-check that the generator's output compiles and computes on this machine.
/// </summary>
internal static class ActivationsCommand
{
    /// <summary>Scale-relative error allowed: float32 rounding on CPU, PTX's approximate exp/log (≈2 ulp) on CUDA.</summary>
    public const double Tolerance = 1e-4;

    public static int Run(DeviceKind kind, TextWriter output)
    {
        var watch = Stopwatch.StartNew();
        using var device = ComputeDevice.Open(kind);
        output.WriteLine($"device: {device.Description}");
        output.WriteLine("Generated activations evaluated in a kernel, error vs. float64 reference on [-8, 8] (max |err| / max(1, max |ref|)):");
        output.WriteLine();
        output.WriteLine($"{"activation",-12} {"f err",9} {"f' err",9} {"f'' err",9}  {"status",-6} f''(x)");
        var points = ActivationCheck.Points();
        var failures = 0;
        foreach (var activation in ActivationRegistry.BuiltIn)
        {
            var result = ActivationCheck.Run(activation, device, points);
            var ok = result.AllFinite && result.WorstError <= Tolerance;
            if (!ok) failures++;
            var formula = activation.SecondDerivativeFormula.Length > 60 ? activation.SecondDerivativeFormula[..57] + "..." : activation.SecondDerivativeFormula;
            output.WriteLine($"{result.Name,-12} {result.ForwardError,9:0.0e+0} {result.DerivativeError,9:0.0e+0} {result.SecondDerivativeError,9:0.0e+0}  {(ok ? "ok" : "FAIL"),-6} {formula}");
        }
        output.WriteLine();
        output.WriteLine($"{ActivationRegistry.BuiltIn.Count - failures}/{ActivationRegistry.BuiltIn.Count} activations within {Tolerance:0e+0} in {watch.Elapsed.TotalSeconds:0.0} s (kernel compilation included)");
        return failures == 0 ? 0 : 1;
    }
}
