using TinyNN.Devices;
using TinyNN.Models;

namespace TinyNN.Cli;

/// <summary>
/// The memory a `tinynn sdf` run needs, estimated from its shapes before any of it is allocated, against what the
/// machine has: the device holds parameters, gradient and optimizer moments (Adam: two more vectors and a counter a
/// parameter), the sample pool, and a step's per-sample vectors (the MLP's layer vectors for the second-order sweeps,
/// the encoded features and their adjoints); the host holds the pool with its ground truth, a few parameter copies
/// (read-back, checkpoint) and the marching-cubes grid. An estimate over the limit refuses the run up front.
/// </summary>
internal sealed record SdfMemoryEstimate(long DeviceBytes, long HostBytes)
{
    // Vectors of P floats alive on the device: parameters, gradient, 2 moments, 1 counter, the fused MLP's weight image.
    private const int DeviceParameterVectors = 6;

    // Layer vectors a sample keeps for forward, backward and backward-of-backward (see MlpContext), with scratch.
    private const int LayerVectors = 10;

    // Encoded-feature vectors a sample keeps (value, gradient, direction, second gradient) and the grid's scratch.
    private const int EncodedVectors = 6;

    // Parameter-sized arrays on the host: initial, read-back, checkpoint copies of parameters and optimizer moments.
    private const int HostParameterVectors = 6;

    /// <summary>The estimate for <paramref name="model"/> trained in batches of <paramref name="batch"/> from a pool, meshed at <paramref name="resolution"/>³.</summary>
    public static SdfMemoryEstimate Of(NetworkWithInputEncoding model, int batch, int pool, int resolution)
    {
        var layout = model.Network.Layout;
        var perSample = (long)LayerVectors * layout.Width * (layout.HiddenLayers + 1) + EncodedVectors * (long)model.Encoding.PaddedOutputWidth + 32;
        var device = 4 * (DeviceParameterVectors * model.ParameterCount + 4L * pool + perSample * batch);
        var host = 4 * (HostParameterVectors * model.ParameterCount + 8L * pool + (long)resolution * resolution * resolution + 2L * resolution * resolution * 32);
        return new SdfMemoryEstimate(device, host);
    }

    /// <summary>
    /// Refuses (a <see cref="UsageException"/> with the numbers and what to lower) a run that cannot fit in the
    /// device's or the host's memory; a warning line when it takes more than <paramref name="warnFraction"/> of either, else null.
    /// </summary>
    public string? Check(ComputeDevice device, string what, double warnFraction = 0.8)
    {
        var host = HostMemoryBytes();
        var deviceLimit = device.Mode == ExecutionMode.Cuda ? device.Accelerator.MemorySize : host;
        var deviceName = device.Mode == ExecutionMode.Cuda ? "GPU" : "host (the CPU device's)";
        // On the CPU the "device" buffers live in host memory too.
        var hostNeed = device.Mode == ExecutionMode.Cuda ? HostBytes : HostBytes + DeviceBytes;
        if (DeviceBytes > deviceLimit)
        {
            throw new UsageException($"sdf: {what} needs about {Gib(DeviceBytes)} of {deviceName} memory, more than the {Gib(deviceLimit)} there; "
                + "lower --batch or --pool, or use a smaller model (fewer hash grid levels, a smaller log2_hashmap_size)");
        }
        if (hostNeed > host)
        {
            throw new UsageException($"sdf: {what} needs about {Gib(hostNeed)} of host memory, more than the {Gib(host)} available; "
                + "lower --resolution, --pool or --batch, or use a smaller model");
        }
        return DeviceBytes > warnFraction * deviceLimit || hostNeed > warnFraction * host
            ? $"{what} needs about {Gib(DeviceBytes)} of {deviceName} memory ({Gib(deviceLimit)} there) and {Gib(hostNeed)} of host memory ({Gib(host)} available): close to the limit"
            : null;
    }

    /// <summary>Memory this process may use: the machine's, or its container's limit when lower.</summary>
    public static long HostMemoryBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.##} GiB";
}
