namespace TinyNN.Networks;

/// <summary>How an MLP's passes run on its device (<see cref="MlpNetwork.Strategy"/>), chosen once when it is built.</summary>
public enum MlpStrategyKind
{
    /// <summary>One sample a thread, every layer in registers: the CPU fast path and the simulator with small groups.</summary>
    PerSample,
    /// <summary>One sample a thread on a GPU, the parameters staged in shared memory: widths 16 and 32, width-64 inference.</summary>
    SharedWeight,
    /// <summary>Warp-cooperative tiles of 64 samples, full layers on tensor cores where the GPU has them: widths 64 and 128.</summary>
    Tiled,
    /// <summary>Layer by layer, one kernel per product and per elementwise step: Mlp, and width 128 with wide inputs or outputs.</summary>
    Layerwise,
}
