namespace TinyNN.Devices;

/// <summary>How a <see cref="ComputeDevice"/> runs kernels.</summary>
public enum ExecutionMode
{
    /// <summary>ILGPU kernels on a CUDA GPU.</summary>
    Cuda,

    /// <summary>
    /// The CPU fast path: the same generated per-sample kernel code called directly under Parallel.For, on host
    /// memory. What a user without a GPU gets.
    /// </summary>
    CpuParallel,

    /// <summary>
    /// ILGPU's CPU accelerator, which simulates GPU threads (one OS thread each): slow, but it runs the kernels the
    /// way the GPU does (groups, atomics, launch bounds), so kernel tests use it.
    /// </summary>
    CpuSimulator,
}
