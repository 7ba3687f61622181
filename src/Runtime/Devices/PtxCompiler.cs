using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TinyNN.Devices;

/// <summary>
/// Compiles kernels to PTX in a context of its own, with the CUDA device's compiler options (O2, ILGPU.Algorithms, fast
/// math: div.approx, sqrt.approx, denormals flushed). Without a GPU it lets tests prove that generated code is
/// ILGPU-compatible, inlined and free of local memory; beside a GPU, several of them compile a device's kernels in parallel
/// (ILGPU compiles one kernel at a time per context and accelerator).
/// </summary>
public sealed class PtxCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => ComputeDevice.ConfigureCompiler(builder));
    private readonly PTXBackend backend;

    /// <summary>Creates a backend for SM 9.0 (the H100) with PTX ISA 8.3.</summary>
    public PtxCompiler()
        : this(CudaArchitecture.SM_90, CudaInstructionSet.ISA_83)
    {
    }

    /// <summary>Creates a backend for <paramref name="architecture"/> emitting PTX ISA <paramref name="instructionSet"/>, as a CUDA accelerator of that GPU does.</summary>
    public PtxCompiler(CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        Architecture = architecture;
        InstructionSet = instructionSet;
        backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, instructionSet, nvvmAPI: null);
    }

    /// <summary>The GPU architecture the PTX targets.</summary>
    public CudaArchitecture Architecture { get; }

    /// <summary>The PTX instruction set version.</summary>
    public CudaInstructionSet InstructionSet { get; }

    /// <summary>The compiler's context, whose options are part of a kernel cache key.</summary>
    public Context Context => context;

    /// <summary>The PTX of an implicitly grouped kernel (first parameter an Index1D/2D/3D).</summary>
    public string Compile(MethodInfo kernel) => Compile(kernel, explicitlyGrouped: false);

    /// <summary>The PTX of an explicitly grouped kernel (Group/Grid indices, shared memory).</summary>
    public string CompileExplicitlyGrouped(MethodInfo kernel) => Compile(kernel, explicitlyGrouped: true);

    /// <summary>The PTX of <paramref name="kernel"/>, explicitly grouped (KernelConfig) or implicitly (Index1D/2D/3D first).</summary>
    public string Compile(MethodInfo kernel, bool explicitlyGrouped)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var entry = explicitlyGrouped ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel) : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        return ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        backend.Dispose();
        context.Dispose();
    }
}
