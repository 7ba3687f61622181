using TinyNN.Devices;

namespace TinyNN.Losses;

/// <summary>
/// "Huber", which tcnn does not have; defined as PyTorch's HuberLoss with its parameter name: with d = p − t,
/// ℓ = ½d² where |d| ≤ delta, else delta·(|d| − ½delta); gradient d clamped to [−delta, delta]. Normalised and
/// scaled like tcnn's losses.
/// </summary>
public sealed class HuberLoss : Loss
{
    /// <summary>The default delta (PyTorch's).</summary>
    public const float DefaultDelta = 1f;

    /// <summary>Creates the loss; <paramref name="delta"/> is where it turns from quadratic to linear.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and &gt; 0.</exception>
    public HuberLoss(ComputeDevice device, float delta = DefaultDelta) : base(device, KernelFor<Element>())
    {
        if (!float.IsFinite(delta) || delta <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"Huber loss: delta must be finite and > 0 (got {delta})");
        }
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override string Name => "Huber";

    /// <inheritdoc/>
    internal override TResult Accept<TResult>(ILossElementVisitor<TResult> visitor) => visitor.Visit<Element>();

    internal override float Parameter => Delta;

    internal struct Element : IElementLoss
    {
        public static float Value(float prediction, float target, float delta)
        {
            var difference = prediction - target;
            var magnitude = MathF.Abs(difference);
            return magnitude <= delta ? 0.5f * difference * difference : delta * (magnitude - 0.5f * delta);
        }

        public static float Gradient(float prediction, float target, float delta) =>
            MathF.Min(MathF.Max(prediction - target, -delta), delta);
    }
}
