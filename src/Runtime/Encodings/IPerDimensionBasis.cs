namespace TinyNN.Encodings;

/// <summary>
/// The math of an encoding whose output column d·K + k is basis function k of input d alone (Identity, Frequency,
/// OneBlob, TriangleWave): its Jacobian is block diagonal and its Hessian diagonal per input, so
/// <see cref="PerDimensionKernels"/> serve them all. Implementations are structs (kernel arguments) whose
/// methods ILGPU compiles for the device.
/// </summary>
internal interface IPerDimensionBasis
{
    /// <summary>yₖ(x).</summary>
    float Value(float x, int k);

    /// <summary>dyₖ/dx.</summary>
    float Derivative(float x, int k);

    /// <summary>d²yₖ/dx².</summary>
    float SecondDerivative(float x, int k);
}
