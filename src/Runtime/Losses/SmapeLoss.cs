using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// tcnn's "Smape" [losses/smape.h]: ℓ = |p − t| / (½(|t| + |p|) + 0.01). As in tcnn the denominator is treated
/// as a constant when differentiating: gradient sign(p − t) / (½(|t| + |p|) + 0.01).
/// </summary>
public sealed class SmapeLoss(ComputeDevice device) : Loss(device, KernelFor<SmapeLoss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "Smape";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        private static float Scale(float prediction, float target) => 1f / (0.5f * (MathF.Abs(target) + MathF.Abs(prediction)) + 1e-2f);

        public static float Value(float prediction, float target, float parameter) =>
            MathF.Abs(prediction - target) * Scale(prediction, target);

        public static float Gradient(float prediction, float target, float parameter) =>
            Optimizers.FloatBits.CopySign(Scale(prediction, target), prediction - target);
    }
}
