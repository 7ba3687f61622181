namespace TinyNN.Distributed;

/// <summary>An NCCL call that returned an error: the call, NCCL's result code and its error string.</summary>
public sealed class NcclException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="call"/> returning <paramref name="result"/>.</summary>
    public NcclException(string call, int result, string description)
        : base($"{call} failed: NCCL error {result} ({ResultName(result)}): {description}")
    {
        Call = call;
        Result = result;
    }

    /// <summary>The NCCL function, e.g. "ncclAllReduce".</summary>
    public string Call { get; }

    /// <summary>NCCL's ncclResult_t.</summary>
    public int Result { get; }

    /// <summary>nccl.h's name of a ncclResult_t value.</summary>
    public static string ResultName(int result) => result switch
    {
        0 => "ncclSuccess",
        1 => "ncclUnhandledCudaError",
        2 => "ncclSystemError",
        3 => "ncclInternalError",
        4 => "ncclInvalidArgument",
        5 => "ncclInvalidUsage",
        6 => "ncclRemoteError",
        7 => "ncclInProgress",
        8 => "ncclTimeout",
        _ => "unknown result",
    };
}

/// <summary>libnccl.so.2 (or libcuda.so.1, which NCCL needs) could not be loaded; the message says what to install.</summary>
public sealed class NcclUnavailableException(string message) : InvalidOperationException(message);
