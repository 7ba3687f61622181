using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// tcnn's "RelativeL2" (its default loss) [losses/relative_l2.h]: ℓ = (p − t)² / (p² + 0.01). As in tcnn the
/// denominator is treated as a constant when differentiating: gradient 2(p − t) / (p² + 0.01).
/// </summary>
public sealed class RelativeL2Loss(ComputeDevice device) : Loss(device, KernelFor<RelativeL2Loss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "RelativeL2";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        private static float Denominator(float prediction) => prediction * prediction + 0.01f;

        public static float Value(float prediction, float target, float parameter)
        {
            var difference = prediction - target;
            return difference * difference / Denominator(prediction);
        }

        public static float Gradient(float prediction, float target, float parameter) =>
            2f * (prediction - target) / Denominator(prediction);
    }
}
