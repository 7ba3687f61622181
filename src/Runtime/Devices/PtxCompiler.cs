using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// Compiles a kernel to PTX for SM 9.0 without a GPU, the way the CUDA accelerator would. Lets tests on a
/// GPU-less machine prove that generated code is ILGPU-compatible, inlined and free of local memory. Same math mode as
/// the CUDA device (fast: div.approx, sqrt.approx, denormals flushed).
/// </summary>
public sealed class PtxCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.Optimize(OptimizationLevel.O2).EnableAlgorithms().Math(MathMode.Fast));
    private readonly PTXBackend backend;

    /// <summary>Creates a backend for SM 9.0 (the H100) with PTX ISA 8.3.</summary>
    public PtxCompiler()
    {
        backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90),
            CudaArchitecture.SM_90, CudaInstructionSet.ISA_83, nvvmAPI: null);
    }

    /// <summary>The PTX of an implicitly grouped kernel (first parameter an Index1D/2D/3D).</summary>
    public string Compile(MethodInfo kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        return ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
    }

    /// <summary>The PTX of an explicitly grouped kernel (Group/Grid indices, shared memory).</summary>
    public string CompileExplicitlyGrouped(MethodInfo kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        return ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        backend.Dispose();
        context.Dispose();
    }
}
