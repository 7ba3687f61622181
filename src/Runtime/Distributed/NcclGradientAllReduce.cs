using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using TinyNN.Devices;

namespace TinyNN.Distributed;

/// <summary>
/// The gradient all-reduce on GPUs through NCCL (float32, ncclSum), on the device with no host round trip. One process
/// may drive several local GPUs (<see cref="CreateLocal"/>: one communicator per GPU from ncclCommInitAll, the all-reduces
/// issued in one ncclGroupStart/End), or one GPU of a larger world (<see cref="CreateRank"/>: one process per GPU,
/// possibly on several hosts, joined by a unique id). NCCL works in each device's primary CUDA context, ILGPU in its own:
/// each step records an event on the ILGPU stream, the NCCL stream waits for it and copies the gradient into a staging
/// buffer (cuMemcpyPeerAsync, 2 × 4 bytes a parameter of device bandwidth), all-reduces it, copies it back and records
/// an event the ILGPU stream waits for. The thread's current CUDA context is restored after every call.
/// </summary>
public sealed class NcclGradientAllReduce : IGradientAllReduce
{
    private readonly NcclLibrary nccl;
    private readonly CudaDriver driver;
    private readonly NcclRankResources[] ranks;
    private bool disposed;

    private NcclGradientAllReduce(NcclLibrary nccl, CudaDriver driver, IReadOnlyList<ComputeDevice> devices, long count, int worldSize,
        NcclRankResources[] ranks)
    {
        this.nccl = nccl;
        this.driver = driver;
        LocalDevices = [.. devices];
        Count = count;
        WorldSize = worldSize;
        this.ranks = ranks;
    }

    /// <inheritdoc/>
    public int WorldSize { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ComputeDevice> LocalDevices { get; }

    /// <inheritdoc/>
    public long Count { get; }

    /// <summary>
    /// Every rank in this process: one per device of <paramref name="devices"/> (distinct CUDA GPUs), world size = their
    /// number, ranks in list order.
    /// </summary>
    /// <exception cref="NcclUnavailableException">libnccl.so.2 or libcuda.so.1 cannot be loaded.</exception>
    public static NcclGradientAllReduce CreateLocal(IReadOnlyList<ComputeDevice> devices, long count)
    {
        var ids = RequireCudaDevices(devices, count);
        var nccl = NcclLibrary.Instance;
        var driver = CudaDriver.Instance;
        var saved = driver.CurrentContext;
        var ranks = new List<NcclRankResources>();
        try
        {
            for (var r = 0; r < devices.Count; r++) ranks.Add(NcclRankResources.Create(driver, devices[r], ids[r], count));
            // ncclCommInitAll calls cudaSetDevice for each id: the communicators live in the primary contexts, as the bridge needs.
            var comms = nccl.CommInitAll(ids);
            for (var r = 0; r < comms.Length; r++) ranks[r].Communicator = comms[r];
            return new NcclGradientAllReduce(nccl, driver, devices, count, devices.Count, [.. ranks]);
        }
        catch
        {
            foreach (var rank in ranks) rank.Release(nccl, driver, abort: true);
            throw;
        }
        finally
        {
            driver.SetCurrent(saved);
        }
    }

    /// <summary>
    /// Rank <paramref name="rank"/> of <paramref name="worldSize"/>, one GPU in this process; every rank calls this with the
    /// same <paramref name="id"/> (made by rank 0 with <see cref="NcclLibrary.GetUniqueId"/>) and it blocks until all join.
    /// </summary>
    public static NcclGradientAllReduce CreateRank(ComputeDevice device, long count, int rank, int worldSize, NcclUniqueId id)
    {
        var ids = RequireCudaDevices([device], count);
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), $"world size must be ≥ 1 (got {worldSize})");
        if (rank < 0 || rank >= worldSize) throw new ArgumentOutOfRangeException(nameof(rank), $"rank must be 0..{worldSize - 1} (got {rank})");
        var nccl = NcclLibrary.Instance;
        var driver = CudaDriver.Instance;
        var saved = driver.CurrentContext;
        NcclRankResources? resources = null;
        try
        {
            resources = NcclRankResources.Create(driver, device, ids[0], count);
            driver.SetCurrent(resources.PrimaryContext);
            resources.Communicator = nccl.CommInitRank(worldSize, id, rank);
            return new NcclGradientAllReduce(nccl, driver, [device], count, worldSize, [resources]);
        }
        catch
        {
            resources?.Release(nccl, driver, abort: true);
            throw;
        }
        finally
        {
            driver.SetCurrent(saved);
        }
    }

    /// <inheritdoc/>
    public void SumInPlace(IReadOnlyList<ArrayView<float>> gradients)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        GradientAllReduceChecks.RequireGradients(gradients, ranks.Length, Count);
        var bytes = Count * sizeof(float);
        var saved = driver.CurrentContext;
        try
        {
            for (var r = 0; r < ranks.Length; r++)
            {
                var rank = ranks[r];
                driver.SetCurrent(rank.IlgpuContext);
                driver.Record(rank.GradientReady, rank.IlgpuStream);
                driver.SetCurrent(rank.PrimaryContext);
                driver.Wait(rank.Stream, rank.GradientReady);
                driver.CopyAsync(rank.Staging, rank.PrimaryContext, Address(gradients[r]), rank.IlgpuContext, bytes, rank.Stream);
            }
            nccl.GroupStart();
            try
            {
                foreach (var rank in ranks)
                {
                    driver.SetCurrent(rank.PrimaryContext);
                    nccl.AllReduceSumFloat32((IntPtr)(long)rank.Staging, (IntPtr)(long)rank.Staging, Count, rank.Communicator, rank.Stream);
                }
            }
            finally
            {
                nccl.GroupEnd();
            }
            for (var r = 0; r < ranks.Length; r++)
            {
                var rank = ranks[r];
                driver.SetCurrent(rank.PrimaryContext);
                driver.CopyAsync(Address(gradients[r]), rank.IlgpuContext, rank.Staging, rank.PrimaryContext, bytes, rank.Stream);
                driver.Record(rank.SumReady, rank.Stream);
                driver.SetCurrent(rank.IlgpuContext);
                driver.Wait(rank.IlgpuStream, rank.SumReady);
            }
        }
        catch (NcclException e)
        {
            throw new NcclException(e.Call, e.Result, $"{e.Message}{AsyncErrors()}");
        }
        finally
        {
            driver.SetCurrent(saved);
        }
    }

    /// <summary>Throws if NCCL reports an asynchronous error on any local communicator (e.g. a peer that died).</summary>
    public void CheckAsyncErrors()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var rank in ranks)
        {
            var error = nccl.CommGetAsyncError(rank.Communicator);
            if (error != 0) throw new NcclException($"communicator of GPU {rank.DeviceId} (asynchronous)", error, nccl.ErrorString(error));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        var saved = driver.CurrentContext;
        try
        {
            foreach (var rank in ranks) rank.Release(nccl, driver, abort: false);
        }
        finally
        {
            driver.SetCurrent(saved);
        }
    }

    private string AsyncErrors()
    {
        var errors = ranks.Where(r => r.Communicator != IntPtr.Zero)
            .Select(r => (r.DeviceId, Error: nccl.CommGetAsyncError(r.Communicator))).Where(e => e.Error != 0)
            .Select(e => $" GPU {e.DeviceId}: {nccl.ErrorString(e.Error)}").ToList();
        return errors.Count == 0 ? "" : "; asynchronous errors:" + string.Join(",", errors);
    }

    /// <summary>The device address of a view (ILGPU computes it on the host from the buffer's pointer and the offset).</summary>
    private static ulong Address(ArrayView<float> view) => (ulong)(long)view.LoadEffectiveAddressAsPtr();

    private static int[] RequireCudaDevices(IReadOnlyList<ComputeDevice> devices, long count)
    {
        GradientAllReduceChecks.RequireSetup(devices, count);
        var ids = new int[devices.Count];
        for (var r = 0; r < devices.Count; r++)
        {
            if (devices[r].Accelerator is not CudaAccelerator cuda)
            {
                throw new ArgumentException($"NCCL all-reduce needs CUDA devices; local replica {r} runs on {devices[r].Description}", nameof(devices));
            }
            ids[r] = cuda.DeviceId;
        }
        var repeated = ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"GPU {repeated.Key} is given {repeated.Count()} times: NCCL allows one rank of a communicator per GPU", nameof(devices));
        }
        return ids;
    }
}
