using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Cli;

/// <summary>`tinynn info`: the device and every activation with its derived formulas.</summary>
internal static class InfoCommand
{
    public static int Run(DeviceKind kind, TextWriter output)
    {
        using var device = ComputeDevice.Open(kind);
        output.WriteLine($"device: {device.Description}");
        output.WriteLine();
        foreach (var activation in ActivationRegistry.All.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"{activation.Name}");
            output.WriteLine($"  f(x)   = {activation.ForwardFormula}");
            output.WriteLine($"  f'(x)  = {activation.DerivativeFormula}");
            output.WriteLine($"  f''(x) = {activation.SecondDerivativeFormula}");
        }
        return 0;
    }
}
