using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>tcnn's "L2" [losses/l2.h]: ℓ = (p − t)², gradient 2(p − t).</summary>
public sealed class L2Loss(ComputeDevice device) : Loss(device, KernelFor<L2Loss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "L2";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        public static float Value(float prediction, float target, float parameter)
        {
            var difference = prediction - target;
            return difference * difference;
        }

        public static float Gradient(float prediction, float target, float parameter) => 2f * (prediction - target);
    }
}
