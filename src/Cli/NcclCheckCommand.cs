using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Distributed;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn nccl-check`: the NCCL binding and the ILGPU–NCCL context bridge on their own, without training. Each replica
/// (global rank g) fills a gradient-sized buffer with (g + 1)·(1 + i mod 7), the all-reduce runs twice, and every element
/// must be the exact sums (small integers are exact in float32); then the all-reduce is timed. One process drives every GPU
/// of the host, or, when TINYNN_WORLD_SIZE/TINYNN_RANK (or torchrun's variables) are set, this process is one rank on GPU
/// TINYNN_LOCAL_RANK and gets the NCCL id from TINYNN_NCCL_ID or TINYNN_NCCL_ID_FILE.
/// </summary>
internal static class NcclCheckCommand
{
    public static int Run(CommandLineArguments options, TextWriter output)
    {
        var count = options.Get("count") is { } text
            ? int.TryParse(text, out var c) && c >= 1 ? c : throw new UsageException($"nccl-check: --count must be an integer ≥ 1 (got '{text}')")
            : 1 << 22;
        var nccl = NcclLibrary.Instance;
        Console.Error.WriteLine($"NCCL {nccl.VersionText} from {nccl.Path}; NCCL_NVLS_ENABLE={Environment.GetEnvironmentVariable("NCCL_NVLS_ENABLE")}");
        var rendezvous = NcclRendezvous.FromEnvironment(Environment.GetEnvironmentVariable);
        var present = ComputeDevice.CudaDeviceCount();
        if (present == 0) throw new UsageException("nccl-check: no CUDA GPU was found");
        var gpus = options.Get("gpus") is { } g
            ? int.TryParse(g, out var n) && n >= 1 && n <= present ? n : throw new UsageException($"nccl-check: --gpus must be 1..{present} on this machine (got '{g}')")
            : present;
        var devices = new List<ComputeDevice>();
        var buffers = new List<MemoryBuffer1D<float, Stride1D.Dense>>();
        IGradientAllReduce? allReduce = null;
        try
        {
            int world, firstRank;
            if (rendezvous is null)
            {
                for (var d = 0; d < gpus; d++) devices.Add(ComputeDevice.OpenCuda(d));
                allReduce = NcclGradientAllReduce.CreateLocal(devices, count);
                (world, firstRank) = (gpus, 0);
            }
            else
            {
                devices.Add(ComputeDevice.OpenCuda(rendezvous.LocalRank));
                var id = rendezvous.ExchangeId(() => nccl.GetUniqueId(), Environment.GetEnvironmentVariable(NcclRendezvous.IdVariable),
                    Environment.GetEnvironmentVariable(NcclRendezvous.IdFileVariable), TimeSpan.FromMinutes(2));
                allReduce = NcclGradientAllReduce.CreateRank(devices[0], count, rendezvous.Rank, rendezvous.WorldSize, id);
                (world, firstRank) = (rendezvous.WorldSize, rendezvous.Rank);
            }
            for (var r = 0; r < devices.Count; r++)
            {
                var rank = firstRank + r;
                using var binding = devices[r].Accelerator.BindScoped();
                buffers.Add(devices[r].Accelerator.Allocate1D(Enumerable.Range(0, count).Select(i => (rank + 1f) * (1 + i % 7)).ToArray()));
            }
            var views = buffers.Select(b => (ArrayView<float>)b.View).ToArray();
            allReduce.SumInPlace(views);
            allReduce.SumInPlace(views);
            // Σ_g (g + 1) = W(W + 1)/2 after the first sum; the second multiplies by W.
            var expectedFactor = (double)world * (world + 1) / 2 * world;
            var wrong = 0L;
            for (var r = 0; r < devices.Count; r++)
            {
                using var binding = devices[r].Accelerator.BindScoped();
                var values = buffers[r].GetAsArray1D();
                for (var i = 0; i < count; i++) if (values[i] != expectedFactor * (1 + i % 7)) wrong++;
            }
            const int repeats = 20;
            var watch = Stopwatch.StartNew();
            for (var k = 0; k < repeats; k++) allReduce.SumInPlace(views);
            foreach (var device in devices)
            {
                using var binding = device.Accelerator.BindScoped();
                device.Accelerator.Synchronize();
            }
            var milliseconds = watch.Elapsed.TotalMilliseconds / repeats;
            output.WriteLine($"{{\"check\":\"nccl-allreduce\",\"world\":{world},\"first_rank\":{firstRank},\"local_gpus\":{devices.Count},\"count\":{count},"
                + $"\"wrong_elements\":{wrong},\"ok\":{(wrong == 0 ? "true" : "false")},\"allreduce_ms\":{milliseconds:R}}}");
            return wrong == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
            allReduce?.Dispose();
            foreach (var device in devices) device.Dispose();
        }
    }
}
