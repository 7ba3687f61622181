using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Devices;

// Typed loading of explicitly grouped kernels (shared memory, group barriers) through the kernel cache: each returns a
// launcher on the device's default stream. One overload per arity the networks use; ILGPU launches are typed.
public sealed partial class ComputeDevice
{
    /// <summary>Loads an explicitly grouped kernel; launch it with a <see cref="KernelConfig"/> on the default stream.</summary>
    public Action<KernelConfig, T1, T2, T3> LoadGroupedKernel<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct where T2 : struct where T3 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var launcher = LoadExplicitlyGroupedKernel<Action<AcceleratorStream, KernelConfig, T1, T2, T3>>(kernel.Method);
        return (config, a1, a2, a3) => launcher(Accelerator.DefaultStream, config, a1, a2, a3);
    }

    /// <summary>Loads an explicitly grouped kernel; launch it with a <see cref="KernelConfig"/> on the default stream.</summary>
    public Action<KernelConfig, T1, T2, T3, T4, T5> LoadGroupedKernel<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var launcher = LoadExplicitlyGroupedKernel<Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5>>(kernel.Method);
        return (config, a1, a2, a3, a4, a5) => launcher(Accelerator.DefaultStream, config, a1, a2, a3, a4, a5);
    }

    /// <summary>Loads an explicitly grouped kernel; launch it with a <see cref="KernelConfig"/> on the default stream.</summary>
    public Action<KernelConfig, T1, T2, T3, T4, T5, T6> LoadGroupedKernel<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var launcher = LoadExplicitlyGroupedKernel<Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5, T6>>(kernel.Method);
        return (config, a1, a2, a3, a4, a5, a6) => launcher(Accelerator.DefaultStream, config, a1, a2, a3, a4, a5, a6);
    }

    /// <summary>Loads an explicitly grouped kernel; launch it with a <see cref="KernelConfig"/> on the default stream.</summary>
    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> LoadGroupedKernel<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(
        Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
        where T6 : struct where T7 : struct where T8 : struct where T9 : struct where T10 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var launcher = LoadExplicitlyGroupedKernel<Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>>(kernel.Method);
        return (config, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) => launcher(Accelerator.DefaultStream, config, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
    }
}
