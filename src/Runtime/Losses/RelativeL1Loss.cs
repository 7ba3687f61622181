using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// tcnn's "RelativeL1" [losses/relative_l1.h]: ℓ = |p − t| / (|p| + 0.01). As in tcnn the denominator is treated
/// as a constant when differentiating: gradient sign(p − t) / (|p| + 0.01), not the full derivative of ℓ.
/// </summary>
public sealed class RelativeL1Loss(ComputeDevice device) : Loss(device, KernelFor<RelativeL1Loss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "RelativeL1";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        private static float Scale(float prediction) => 1f / (MathF.Abs(prediction) + 1e-2f);

        public static float Value(float prediction, float target, float parameter) => MathF.Abs(prediction - target) * Scale(prediction);

        public static float Gradient(float prediction, float target, float parameter) =>
            Optimizers.FloatBits.CopySign(Scale(prediction), prediction - target);
    }
}
