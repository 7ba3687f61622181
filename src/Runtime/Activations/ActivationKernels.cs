using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;

namespace TinyNN.Activations;

/// <summary>f, f′ and f″ of an activation at many points, evaluated by a kernel on any device.</summary>
public static class ActivationKernels
{
    /// <summary>One thread a point; generic over the activation, so ILGPU inlines its generated code.</summary>
    internal static void EvaluateKernel<TActivation>(Index1D i, ArrayView<float> x, ArrayView<float> value,
        ArrayView<float> derivative, ArrayView<float> secondDerivative)
        where TActivation : struct, IActivation
    {
        var xi = x[i];
        value[i] = TActivation.DeviceForward(xi);
        derivative[i] = TActivation.DeviceDerivative(xi);
        secondDerivative[i] = TActivation.DeviceSecondDerivative(xi);
    }

    /// <summary>Evaluates f, f′, f″ of <typeparamref name="TActivation"/> at <paramref name="points"/> on <paramref name="device"/>.</summary>
    public static ActivationValues Evaluate<TActivation>(ComputeDevice device, float[] points)
        where TActivation : struct, IActivation
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length == 0) throw new ArgumentException("points must not be empty", nameof(points));
        var accelerator = device.Accelerator;
        var kernel = device.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(EvaluateKernel<TActivation>);
        using var x = accelerator.Allocate1D(points);
        using var value = accelerator.Allocate1D<float>(points.Length);
        using var derivative = accelerator.Allocate1D<float>(points.Length);
        using var second = accelerator.Allocate1D<float>(points.Length);
        // Poison the outputs so an unwritten element cannot pass as a result.
        value.MemSet(0xFF);
        derivative.MemSet(0xFF);
        second.MemSet(0xFF);
        kernel(points.Length, x.View, value.View, derivative.View, second.View);
        accelerator.Synchronize();
        return new ActivationValues(value.GetAsArray1D(), derivative.GetAsArray1D(), second.GetAsArray1D());
    }
}

/// <summary>f, f′ and f″ at a set of points.</summary>
public sealed record ActivationValues(float[] Value, float[] Derivative, float[] SecondDerivative);
