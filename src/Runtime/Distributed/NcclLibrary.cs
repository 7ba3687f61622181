using System.Runtime.InteropServices;

namespace TinyNN.Distributed;

/// <summary>
/// The few calls of NCCL (libnccl.so.2) that data-parallel training needs, bound at run time through function pointers
/// with nccl.h's exact ABI: ncclResult_t and the enums are C ints, ncclUniqueId is 128 bytes passed by value, handles
/// and device pointers are pointer-sized, counts are size_t. Every status other than ncclSuccess becomes an
/// <see cref="NcclException"/> carrying ncclGetErrorString's text. Loading sets NCCL_NVLS_ENABLE=0 (NVLink multicast off)
/// in the process environment unless the user set it.
/// </summary>
public sealed unsafe class NcclLibrary
{
    /// <summary>Set to a full path to load NCCL from there first (e.g. a pip wheel's nvidia/nccl/lib/libnccl.so.2).</summary>
    public const string PathVariable = "TINYNN_NCCL_LIBRARY";

    /// <summary>nccl.h: ncclFloat32.</summary>
    private const int NcclFloat32 = 7;

    /// <summary>nccl.h: ncclSum.</summary>
    private const int NcclSum = 0;

    private static readonly Lazy<NcclLibrary> Shared = new(() => Load(DefaultCandidates()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly delegate* unmanaged<int*, int> getVersion;
    private readonly delegate* unmanaged<NcclUniqueId*, int> getUniqueId;
    private readonly delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int> commInitRank;
    private readonly delegate* unmanaged<IntPtr*, int, int*, int> commInitAll;
    private readonly delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> allReduce;
    private readonly delegate* unmanaged<int> groupStart, groupEnd;
    private readonly delegate* unmanaged<IntPtr, int> commDestroy, commAbort;
    private readonly delegate* unmanaged<int, IntPtr> getErrorString;
    private readonly delegate* unmanaged<IntPtr, int*, int> commGetAsyncError;

    private NcclLibrary(IntPtr handle, string path)
    {
        Path = path;
        getVersion = (delegate* unmanaged<int*, int>)Export(handle, "ncclGetVersion");
        getUniqueId = (delegate* unmanaged<NcclUniqueId*, int>)Export(handle, "ncclGetUniqueId");
        commInitRank = (delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int>)Export(handle, "ncclCommInitRank");
        commInitAll = (delegate* unmanaged<IntPtr*, int, int*, int>)Export(handle, "ncclCommInitAll");
        allReduce = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export(handle, "ncclAllReduce");
        groupStart = (delegate* unmanaged<int>)Export(handle, "ncclGroupStart");
        groupEnd = (delegate* unmanaged<int>)Export(handle, "ncclGroupEnd");
        commDestroy = (delegate* unmanaged<IntPtr, int>)Export(handle, "ncclCommDestroy");
        commAbort = (delegate* unmanaged<IntPtr, int>)Export(handle, "ncclCommAbort");
        getErrorString = (delegate* unmanaged<int, IntPtr>)Export(handle, "ncclGetErrorString");
        commGetAsyncError = (delegate* unmanaged<IntPtr, int*, int>)Export(handle, "ncclCommGetAsyncError");
    }

    /// <summary>The file NCCL was loaded from (the name that loaded, e.g. "libnccl.so.2").</summary>
    public string Path { get; }

    /// <summary>The process-wide NCCL, loaded on first use.</summary>
    /// <exception cref="NcclUnavailableException">No libnccl.so.2 could be loaded; the message says what to install.</exception>
    public static NcclLibrary Instance => Shared.Value;

    /// <summary>Where NCCL is looked for: $TINYNN_NCCL_LIBRARY when set, then the dynamic loader's usual names and paths.</summary>
    public static IReadOnlyList<string> DefaultCandidates()
    {
        var list = new List<string>();
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath) list.Add(explicitPath);
        list.AddRange(["libnccl.so.2", "libnccl.so", "/usr/lib/x86_64-linux-gnu/libnccl.so.2", "/usr/local/cuda/lib64/libnccl.so.2"]);
        return list;
    }

    /// <summary>Loads NCCL from the first of <paramref name="candidates"/> that loads and exports every call used here.</summary>
    /// <exception cref="NcclUnavailableException">None loads; the message names what was tried and what to install.</exception>
    public static NcclLibrary Load(IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("give at least one NCCL library name or path", nameof(candidates));
        var problems = new List<string>();
        foreach (var candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle))
            {
                problems.Add($"{candidate}: not found or not loadable");
                continue;
            }
            try
            {
                NativeEnvironment.SetIfUnset("NCCL_NVLS_ENABLE", "0");
                return new NcclLibrary(handle, candidate);
            }
            catch (EntryPointNotFoundException e)
            {
                problems.Add($"{candidate}: {e.Message}");
                NativeLibrary.Free(handle);
            }
        }
        throw new NcclUnavailableException("multi-GPU training needs NCCL 2.x (libnccl.so.2), which could not be loaded ("
            + string.Join("; ", problems) + "). Install it: `apt-get install libnccl2` from NVIDIA's CUDA repository, or "
            + $"`pip install nvidia-nccl-cu12` and set {PathVariable} to its nvidia/nccl/lib/libnccl.so.2; or train on one GPU (no --gpus).");
    }

    /// <summary>NCCL_VERSION_CODE of the loaded library, e.g. 22803 for 2.28.3.</summary>
    public int Version
    {
        get
        {
            int version;
            Check("ncclGetVersion", getVersion(&version));
            return version;
        }
    }

    /// <summary>The version as major.minor.patch.</summary>
    public string VersionText => Version is var v && v >= 10000 ? $"{v / 10000}.{v / 100 % 100}.{v % 100}" : $"{v / 1000}.{v / 100 % 10}.{v % 100}";

    /// <summary>ncclGetUniqueId: a fresh id, made once by rank 0 and given to every rank.</summary>
    public NcclUniqueId GetUniqueId()
    {
        NcclUniqueId id;
        Check("ncclGetUniqueId", getUniqueId(&id));
        return id;
    }

    /// <summary>ncclCommInitRank for the CUDA device current on this thread (blocks until every rank joins, unless inside a group).</summary>
    public IntPtr CommInitRank(int worldSize, NcclUniqueId id, int rank)
    {
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), $"NCCL world size must be ≥ 1 (got {worldSize})");
        if (rank < 0 || rank >= worldSize) throw new ArgumentOutOfRangeException(nameof(rank), $"NCCL rank must be 0..{worldSize - 1} (got {rank})");
        IntPtr comm;
        Check("ncclCommInitRank", commInitRank(&comm, worldSize, id, rank));
        return comm;
    }

    /// <summary>ncclCommInitAll: one communicator per device of <paramref name="deviceIds"/>, in their primary CUDA contexts.</summary>
    public IntPtr[] CommInitAll(IReadOnlyList<int> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.Count < 1) throw new ArgumentException("ncclCommInitAll needs at least one device id", nameof(deviceIds));
        var comms = new IntPtr[deviceIds.Count];
        var ids = deviceIds.ToArray();
        fixed (IntPtr* c = comms)
        fixed (int* d = ids)
        {
            Check("ncclCommInitAll", commInitAll(c, ids.Length, d));
        }
        return comms;
    }

    /// <summary>ncclAllReduce of <paramref name="count"/> float32s with ncclSum, enqueued on <paramref name="stream"/>.</summary>
    public void AllReduceSumFloat32(IntPtr send, IntPtr receive, long count, IntPtr comm, IntPtr stream)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"all-reduce count must be ≥ 1 (got {count})");
        if (comm == IntPtr.Zero) throw new ArgumentException("the NCCL communicator is null (destroyed or never created)", nameof(comm));
        Check("ncclAllReduce", allReduce(send, receive, (nuint)count, NcclFloat32, NcclSum, comm, stream));
    }

    /// <summary>ncclGroupStart: the calls until <see cref="GroupEnd"/> are issued together (needed when one thread drives several ranks).</summary>
    public void GroupStart() => Check("ncclGroupStart", groupStart());

    /// <summary>ncclGroupEnd.</summary>
    public void GroupEnd() => Check("ncclGroupEnd", groupEnd());

    /// <summary>ncclCommDestroy: frees the communicator once its work is done.</summary>
    public void CommDestroy(IntPtr comm) => Check("ncclCommDestroy", commDestroy(comm));

    /// <summary>ncclCommAbort: frees the communicator and stops its pending work (after an error).</summary>
    public void CommAbort(IntPtr comm) => Check("ncclCommAbort", commAbort(comm));

    /// <summary>ncclCommGetAsyncError: a communicator's asynchronous error (ncclSuccess = 0 when none).</summary>
    public int CommGetAsyncError(IntPtr comm)
    {
        int error;
        Check("ncclCommGetAsyncError", commGetAsyncError(comm, &error));
        return error;
    }

    /// <summary>ncclGetErrorString of a result code.</summary>
    public string ErrorString(int result) => Marshal.PtrToStringUTF8(getErrorString(result)) ?? "(no description)";

    /// <summary>Throws <see cref="NcclException"/> for a result other than ncclSuccess.</summary>
    public void Check(string call, int result)
    {
        if (result != 0) throw new NcclException(call, result, ErrorString(result));
    }

    private static IntPtr Export(IntPtr handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out var address) ? address
        : throw new EntryPointNotFoundException($"it does not export {name} (NCCL 2.x is needed)");
}
