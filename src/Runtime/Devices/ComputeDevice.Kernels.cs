using System.Collections.Concurrent;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace TinyNN.Devices;

// Kernel loading for every execution mode (one overload per kernel arity; ILGPU launches are typed).
public sealed partial class ComputeDevice
{
    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1> LoadKernel<T1>(Action<Index1D, T1> kernel) where T1 : struct =>
        LoadKernel<T1>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1> LoadKernel<T1>(MethodInfo kernel) where T1 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1>>();
            return (n, a1) => ParallelSamples(n, i => direct(i, a1));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1>>();
        return (n, a1) => launcher(Accelerator.DefaultStream, n, a1);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2> LoadKernel<T1, T2>(Action<Index1D, T1, T2> kernel) where T1 : struct where T2 : struct =>
        LoadKernel<T1, T2>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2> LoadKernel<T1, T2>(MethodInfo kernel) where T1 : struct where T2 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2>>();
            return (n, a1, a2) => ParallelSamples(n, i => direct(i, a1, a2));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2>>();
        return (n, a1, a2) => launcher(Accelerator.DefaultStream, n, a1, a2);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3> LoadKernel<T1, T2, T3>(Action<Index1D, T1, T2, T3> kernel) where T1 : struct where T2 : struct where T3 : struct =>
        LoadKernel<T1, T2, T3>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3> LoadKernel<T1, T2, T3>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3>>();
            return (n, a1, a2, a3) => ParallelSamples(n, i => direct(i, a1, a2, a3));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3>>();
        return (n, a1, a2, a3) => launcher(Accelerator.DefaultStream, n, a1, a2, a3);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4> LoadKernel<T1, T2, T3, T4>(Action<Index1D, T1, T2, T3, T4> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct =>
        LoadKernel<T1, T2, T3, T4>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4> LoadKernel<T1, T2, T3, T4>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4>>();
            return (n, a1, a2, a3, a4) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4>>();
        return (n, a1, a2, a3, a4) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5> LoadKernel<T1, T2, T3, T4, T5>(Action<Index1D, T1, T2, T3, T4, T5> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct =>
        LoadKernel<T1, T2, T3, T4, T5>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5> LoadKernel<T1, T2, T3, T4, T5>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4, T5>>();
            return (n, a1, a2, a3, a4, a5) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4, a5));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5>>();
        return (n, a1, a2, a3, a4, a5) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4, a5);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6> LoadKernel<T1, T2, T3, T4, T5, T6>(Action<Index1D, T1, T2, T3, T4, T5, T6> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct =>
        LoadKernel<T1, T2, T3, T4, T5, T6>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6> LoadKernel<T1, T2, T3, T4, T5, T6>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4, T5, T6>>();
            return (n, a1, a2, a3, a4, a5, a6) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4, a5, a6));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5, T6>>();
        return (n, a1, a2, a3, a4, a5, a6) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4, a5, a6);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7> LoadKernel<T1, T2, T3, T4, T5, T6, T7>(Action<Index1D, T1, T2, T3, T4, T5, T6, T7> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct =>
        LoadKernel<T1, T2, T3, T4, T5, T6, T7>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7> LoadKernel<T1, T2, T3, T4, T5, T6, T7>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4, T5, T6, T7>>();
            return (n, a1, a2, a3, a4, a5, a6, a7) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4, a5, a6, a7));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5, T6, T7>>();
        return (n, a1, a2, a3, a4, a5, a6, a7) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8> LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8>(Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct =>
        LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8> LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8>>();
            return (n, a1, a2, a3, a4, a5, a6, a7, a8) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4, a5, a6, a7, a8));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5, T6, T7, T8>>();
        return (n, a1, a2, a3, a4, a5, a6, a7, a8) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4, a5, a6, a7, a8);
    }

    /// <summary>Loads <paramref name="kernel"/> (a static method) to launch over n samples on this device's default stream, or under Parallel.For on the CPU fast path.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9> LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct =>
        LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8, T9>(kernel.Method);

    /// <summary>Loads a (closed generic) static kernel method; see <see cref="LoadKernel{T1}(Action{Index1D, T1})"/>.</summary>
    public Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9> LoadKernel<T1, T2, T3, T4, T5, T6, T7, T8, T9>(MethodInfo kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (Mode == ExecutionMode.CpuParallel)
        {
            var direct = kernel.CreateDelegate<Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9>>();
            return (n, a1, a2, a3, a4, a5, a6, a7, a8, a9) => ParallelSamples(n, i => direct(i, a1, a2, a3, a4, a5, a6, a7, a8, a9));
        }
        var launcher = LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9>>();
        return (n, a1, a2, a3, a4, a5, a6, a7, a8, a9) => launcher(Accelerator.DefaultStream, n, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    }

    /// <summary>Runs <paramref name="body"/> for samples 0..n−1 on the thread pool, in chunks so a sample costs no task overhead.</summary>
    private static void ParallelSamples(Index1D n, Action<Index1D> body)
    {
        if (n.X <= 0) return;
        var chunk = Math.Max(64, n.X / (Environment.ProcessorCount * 8));
        Parallel.ForEach(Partitioner.Create(0, n.X, chunk), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) body(new Index1D(i));
        });
    }
}
