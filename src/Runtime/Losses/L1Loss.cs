using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>tcnn's "L1" [losses/l1.h]: ℓ = |p − t|, gradient sign(p − t) (copysign, so +1 at p = t).</summary>
public sealed class L1Loss(ComputeDevice device) : Loss(device, KernelFor<L1Loss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "L1";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        public static float Value(float prediction, float target, float parameter) => MathF.Abs(prediction - target);

        public static float Gradient(float prediction, float target, float parameter) => Optimizers.FloatBits.CopySign(1f, prediction - target);
    }
}
