namespace TinyNN.Networks;

/// <summary>
/// Whether a kernel's full products run on tensor cores (<see cref="Tf32"/>), and how. A type argument rather than a
/// kernel argument: ILGPU specialises each kernel per type and drops the untaken branch, so a GPU older than Ampere (SM
/// 8.0, the first with TF32 <c>mma.sync</c>) is never handed the instruction, and the GPU's code carries no copy of the
/// simulator's emulation (a run-time test such as <c>CudaAsm.IsSupported</c> is folded too late in ILGPU 1.5.3 to drop
/// it: about a fifth of the tensor-core kernels' PTX, which the driver's JIT parses on a fresh machine).
/// </summary>
public interface ITensorCores
{
    /// <summary>True: tensor cores; false: the SIMT products.</summary>
    static abstract bool Enabled { get; }

    /// <summary>True: the <c>mma.sync</c> contract emulated with warp shuffles (the CPU simulator, for tests); false: the instruction.</summary>
    static abstract bool Emulated { get; }
}

/// <summary>Full products on tensor cores, through the <c>mma.sync</c> instruction (CUDA, SM 8.0 and later).</summary>
public readonly struct WithTensorCores : ITensorCores
{
    /// <inheritdoc/>
    public static bool Enabled => true;

    /// <inheritdoc/>
    public static bool Emulated => false;
}

/// <summary>Full products on tensor cores as the CPU simulator runs them: the instruction's contract emulated with warp shuffles.</summary>
public readonly struct WithEmulatedTensorCores : ITensorCores
{
    /// <inheritdoc/>
    public static bool Enabled => true;

    /// <inheritdoc/>
    public static bool Emulated => true;
}

/// <summary>Every product on the SIMT blocks.</summary>
public readonly struct WithoutTensorCores : ITensorCores
{
    /// <inheritdoc/>
    public static bool Enabled => false;

    /// <inheritdoc/>
    public static bool Emulated => false;
}
