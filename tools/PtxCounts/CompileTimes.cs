using System.Collections.Concurrent;
using System.Diagnostics;
using TinyNN.Devices;

/// <summary>
/// How long ILGPU takes to compile kernels to PTX (issue 15): each kernel in a fresh context of its own, one after the
/// other (the first pays the context's start), then all of them spread over <c>contexts</c> contexts at once, as
/// <see cref="ComputeDevice.Prepare"/> does, to show whether parallel compilation scales on this machine.
/// </summary>
internal static class CompileTimes
{
    public static int Run((string Name, Delegate Kernel, bool Explicitly)[] kernels, int contexts)
    {
        Console.WriteLine($"{Environment.ProcessorCount} processors; one context, kernel by kernel:");
        var total = Stopwatch.StartNew();
        using (var compiler = new PtxCompiler())
        {
            foreach (var (name, kernel, explicitly) in kernels)
            {
                var watch = Stopwatch.StartNew();
                var ptx = compiler.Compile(kernel.Method, explicitly);
                Console.WriteLine($"  {watch.Elapsed.TotalSeconds,6:0.00} s  {ptx.Length / 1024,5} KB PTX  {name}");
            }
        }
        var sequential = total.Elapsed.TotalSeconds;
        Console.WriteLine($"  {sequential,6:0.00} s in all");
        var queue = new ConcurrentQueue<(string Name, Delegate Kernel, bool Explicitly)>(kernels);
        var perKernel = new ConcurrentBag<double>();
        total.Restart();
        Parallel.For(0, contexts, _ =>
        {
            using var compiler = new PtxCompiler();
            while (queue.TryDequeue(out var item))
            {
                var watch = Stopwatch.StartNew();
                compiler.Compile(item.Kernel.Method, item.Explicitly);
                perKernel.Add(watch.Elapsed.TotalSeconds);
            }
        });
        Console.WriteLine($"{contexts} contexts at once: {total.Elapsed.TotalSeconds:0.00} s wall, {perKernel.Sum():0.00} s summed over kernels (one context: {sequential:0.00} s)");
        return 0;
    }
}
