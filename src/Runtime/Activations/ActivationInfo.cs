using TinyNN.Devices;

namespace TinyNN.Activations;

/// <summary>
/// An activation as data the runtime can pick by name (configs, the CLI): its formulas, float64 reference
/// functions and a device evaluator, all bound to its generated struct.
/// </summary>
public sealed record ActivationInfo(
    string Name,
    Type Type,
    string ForwardFormula,
    string DerivativeFormula,
    string SecondDerivativeFormula,
    Func<float, float> Forward32,
    Func<float, float> Derivative32,
    Func<float, float> SecondDerivative32,
    Func<float, float> DeviceForward,
    Func<float, float> DeviceDerivative,
    Func<float, float> DeviceSecondDerivative,
    Func<double, double> Forward64,
    Func<double, double> Derivative64,
    Func<double, double> SecondDerivative64,
    Func<ComputeDevice, float[], ActivationValues> EvaluateOnDevice)
{
    private Dispatch? dispatch;

    /// <summary>Calls <paramref name="visitor"/> with this activation's struct as a type argument (typed dispatch, no reflection).</summary>
    public TResult Accept<TResult>(IActivationVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return (dispatch ?? throw new InvalidOperationException(
            $"activation '{Name}' was not created by ActivationInfo.Of<T>(), so it has no struct to dispatch to")).Accept(visitor);
    }

    /// <summary>The info of the generated activation <typeparamref name="TActivation"/>.</summary>
    public static ActivationInfo Of<TActivation>() where TActivation : struct, IActivation => new(
        TActivation.Name,
        typeof(TActivation),
        TActivation.ForwardFormula,
        TActivation.DerivativeFormula,
        TActivation.SecondDerivativeFormula,
        TActivation.Forward,
        TActivation.Derivative,
        TActivation.SecondDerivative,
        TActivation.DeviceForward,
        TActivation.DeviceDerivative,
        TActivation.DeviceSecondDerivative,
        TActivation.Forward,
        TActivation.Derivative,
        TActivation.SecondDerivative,
        ActivationKernels.Evaluate<TActivation>)
    {
        dispatch = Dispatch<TActivation>.Instance,
    };

    private abstract class Dispatch
    {
        public abstract TResult Accept<TResult>(IActivationVisitor<TResult> visitor);
    }

    // One instance a struct, so that the record's equality (which compares this field too) still holds between two Of<T>().
    private sealed class Dispatch<TActivation> : Dispatch where TActivation : struct, IActivation
    {
        public static readonly Dispatch<TActivation> Instance = new();

        public override TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<TActivation>();
    }
}
