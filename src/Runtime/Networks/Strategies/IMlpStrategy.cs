namespace TinyNN.Networks;

/// <summary>
/// How an MLP's passes run on its device, chosen once when the network is built: per sample (<see cref="PerSampleStrategy{TVector, THidden, TOutput}"/>),
/// per sample with staged weights on a GPU (<see cref="SharedWeightStrategy{TVector, THidden, TOutput}"/>), warp-cooperative
/// tiles (<see cref="TiledStrategy{TVector, THidden, TOutput, TCores}"/>) or layer by layer (<see cref="LayerwiseStrategy{THidden, TOutput}"/>).
/// Every strategy computes the same passes (the math contract of docs/second-order.md) into the same views.
/// </summary>
internal interface IMlpStrategy
{
    /// <summary>Which strategy this is.</summary>
    MlpStrategyKind Kind { get; }

    /// <summary>One action a kernel the passes launch, each compiling it (they otherwise compile at first launch); run them with <see cref="Devices.ComputeDevice.Prepare"/>.</summary>
    IEnumerable<Action> KernelLoads { get; }

    /// <summary>The forward pass; with <paramref name="keep"/> it stores what the backward passes read.</summary>
    void Forward(MlpViews views, bool keep, MlpContext? context);

    /// <summary>The δ vectors (and dL/dx when <paramref name="inputGradient"/>) from dL/dy.</summary>
    void Backward(MlpViews views, bool inputGradient, MlpContext context);

    /// <summary>δ, s, tangents, dL₂/d(dL₁/dy) and dL₂/dx.</summary>
    void BackwardBackward(MlpViews views, MlpContext context, bool adjointsAreCurrent);
}
