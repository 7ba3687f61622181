using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>tcnn's "Mape" [losses/mape.h]: ℓ = |p − t| / (|t| + 0.01), gradient sign(p − t) / (|t| + 0.01).</summary>
public sealed class MapeLoss(ComputeDevice device) : Loss(device, KernelFor<MapeLoss.Element>())
{
    /// <inheritdoc/>
    public override string Name => "Mape";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal struct Element : IElementLoss
    {
        private static float Scale(float target) => 1f / (MathF.Abs(target) + 1e-2f);

        public static float Value(float prediction, float target, float parameter) => MathF.Abs(prediction - target) * Scale(target);

        public static float Gradient(float prediction, float target, float parameter) =>
            Optimizers.FloatBits.CopySign(Scale(target), prediction - target);
    }
}
