using TinyNN.Optimizers;

namespace TinyNN.Training;

/// <summary>What `tinynn sdf` needs of a trainer, on one device (<see cref="SdfTrainer"/>) or several (<see cref="DataParallelSdfTrainer"/>).</summary>
public interface ISdfTrainer : IDisposable
{
    /// <summary>Samples a step (over all replicas).</summary>
    long SamplesPerStep => BatchSize;

    /// <summary>Samples a step on one replica.</summary>
    int BatchSize { get; }

    /// <summary>Steps taken.</summary>
    long Step { get; }

    /// <summary>One training step.</summary>
    void TrainStep();

    /// <summary>The last step's mean losses (one small copy from each device).</summary>
    SdfLosses ReadLosses();

    /// <summary>Whether the last step's gradient or parameters hold NaN or ∞.</summary>
    NonFiniteKinds CheckFinite();

    /// <summary>The parameters, copied to the host.</summary>
    float[] ReadParameters();
}
