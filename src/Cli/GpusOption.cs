using TinyNN.Configs;
using TinyNN.Devices;
using TinyNN.Distributed;
using TinyNN.Losses;
using TinyNN.Models;
using TinyNN.Optimizers;
using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// `tinynn sdf --gpus N|all`: data-parallel training on the first N GPUs of this host (all: every one), one replica per
/// GPU with --batch samples each, gradients summed through NCCL. Without --gpus the single-device path runs unchanged;
/// --gpus 1 runs that path through NCCL with one rank (a check of the binding on a one-GPU machine).
/// </summary>
internal static class GpusOption
{
    /// <summary>The option's name, which Program adds to sdf's options.</summary>
    public const string Name = "gpus";

    /// <summary>
    /// The GPU count --gpus asks for (null without --gpus), after checking it against --device, NCCL and the GPUs present;
    /// <paramref name="gpuCount"/> counts the CUDA GPUs (<see cref="ComputeDevice.CudaDeviceCount"/>).
    /// </summary>
    public static int? Parse(string? value, string? device, Func<int> gpuCount, Func<NcclLibrary> loadNccl)
    {
        if (value is null) return null;
        if (device is not null && DeviceKinds.Parse(device) == DeviceKind.Cpu)
        {
            throw new UsageException($"sdf: --gpus {value} trains on GPUs and cannot be combined with --device cpu (drop one of them)");
        }
        int? asked = value.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : int.TryParse(value, out var n) && n >= 1 ? n
            : throw new UsageException($"sdf: --gpus must be a GPU count ≥ 1 or 'all' (got '{value}')");
        try
        {
            loadNccl();
        }
        catch (NcclUnavailableException e)
        {
            throw new UsageException($"sdf: --gpus {value}: {e.Message}");
        }
        var present = gpuCount();
        if (present == 0) throw new UsageException($"sdf: --gpus {value}: no CUDA GPU was found on this machine");
        if (asked > present)
        {
            throw new UsageException($"sdf: --gpus {value} asks for {asked} GPUs but this machine has {present} (CUDA GPUs 0..{present - 1})");
        }
        return asked ?? present;
    }

    /// <summary>
    /// The data-parallel trainer over GPUs 0..<paramref name="gpus"/>−1: replica 0 is <paramref name="device"/> (GPU 0) with the
    /// caller's model, optimizer and loss; the others get their own, on newly opened GPUs.
    /// </summary>
    public static ISdfTrainer CreateTrainer(int gpus, ComputeDevice device, NetworkWithInputEncoding model, Optimizer optimizer, Loss loss,
        ModelConfig config, SdfSamplePool pool, float[] parameters, int batchPerGpu, float lambda, TextWriter log)
    {
        if (device.CudaOrdinal != 0)
        {
            throw new UsageException($"sdf: --gpus trains from CUDA GPU 0, but the job's device is {device.Description}");
        }
        var others = new List<ComputeDevice>();
        try
        {
            for (var ordinal = 1; ordinal < gpus; ordinal++) others.Add(ComputeDevice.OpenCuda(ordinal));
        }
        catch
        {
            foreach (var other in others) other.Dispose();
            throw;
        }
        var nccl = NcclLibrary.Instance;
        log.WriteLine($"data-parallel on {gpus} GPU{(gpus == 1 ? "" : "s")} through NCCL {nccl.VersionText} ({nccl.Path}): "
            + $"{batchPerGpu} samples a GPU, {(long)batchPerGpu * gpus} a step");
        return SdfReplicas.CreateDataParallel(model, optimizer, loss, others, config, pool, parameters, batchPerGpu, lambda,
            NcclGradientAllReduce.CreateLocal);
    }
}
