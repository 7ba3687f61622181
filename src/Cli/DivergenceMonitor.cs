using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// Watches the logged losses for divergence: NaN or ∞ anywhere (loss, gradient, parameters), or a total loss
/// (SDF + λ·Eikonal) that has grown <see cref="GrowthLimit"/>× above the lowest seen so far. An SDF loss does not
/// grow by three orders of magnitude while training works; exploding parameters (a learning rate far too high) do.
/// </summary>
internal sealed class DivergenceMonitor(float lambda)
{
    /// <summary>How far above its lowest value the total loss may climb before training counts as diverged.</summary>
    public const double GrowthLimit = 1000;

    private double lowest = double.PositiveInfinity;
    private long lowestStep;

    /// <summary>The last step's losses; an error that says how training diverged and what is kept when it did.</summary>
    public SdfLosses Check(ISdfTrainer trainer, Func<string> kept)
    {
        var losses = trainer.ReadLosses();
        var nonFinite = trainer.CheckFinite();
        if (!double.IsFinite(losses.Sdf) || !double.IsFinite(losses.Eikonal) || nonFinite != Optimizers.NonFiniteKinds.None)
        {
            throw new DivergenceException($"training diverged at step {trainer.Step}: loss sdf {losses.Sdf}, eikonal {losses.Eikonal} "
                + $"(NaN or ∞ in the loss, gradient or parameters); {kept()} — lower the learning rate or λ");
        }
        var total = losses.Total(lambda);
        if (total > GrowthLimit * lowest)
        {
            throw new DivergenceException($"training diverged at step {trainer.Step}: the loss (sdf + λ·eikonal) grew to {total:0.###e+0}, "
                + $"{total / lowest:0.#e+0}× its lowest value {lowest:0.###e+0} at step {lowestStep}; {kept()} — lower the learning rate or λ");
        }
        if (total < lowest)
        {
            lowest = total;
            lowestStep = trainer.Step;
        }
        return losses;
    }
}

/// <summary>Training diverged; Program prints its message and exits with code 3.</summary>
internal sealed class DivergenceException(string message) : Exception(message);
