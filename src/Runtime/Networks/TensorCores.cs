namespace TinyNN.Networks;

/// <summary>
/// Whether a kernel's full products run on tensor cores (<see cref="Tf32"/>). A type argument rather than a kernel
/// argument: ILGPU specialises each kernel per type and drops the untaken branch, so a GPU older than Ampere (SM 8.0,
/// the first with TF32 <c>mma.sync</c>) is never handed the instruction.
/// </summary>
public interface ITensorCores
{
    /// <summary>True: tensor cores (emulated off CUDA, for tests); false: the SIMT products.</summary>
    static abstract bool Enabled { get; }
}

/// <summary>Full products on tensor cores.</summary>
public readonly struct WithTensorCores : ITensorCores
{
    /// <inheritdoc/>
    public static bool Enabled => true;
}

/// <summary>Every product on the SIMT blocks.</summary>
public readonly struct WithoutTensorCores : ITensorCores
{
    /// <inheritdoc/>
    public static bool Enabled => false;
}
