using System.Runtime.InteropServices;

namespace TinyNN.Distributed;

/// <summary>
/// nccl.h's <c>ncclUniqueId</c>: 128 opaque bytes (NCCL_UNIQUE_ID_BYTES) that rank 0 makes with
/// <see cref="NcclLibrary.GetUniqueId"/> and every rank passes, by value, to ncclCommInitRank. Between processes it
/// travels as 256 hex digits (<see cref="ToHex"/>, <see cref="FromHex"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = ByteCount)]
public unsafe struct NcclUniqueId
{
    /// <summary>NCCL_UNIQUE_ID_BYTES.</summary>
    public const int ByteCount = 128;

    private fixed byte bytes[ByteCount];

    /// <summary>The id as 256 lower-case hex digits.</summary>
    public readonly string ToHex()
    {
        fixed (byte* p = bytes) return Convert.ToHexStringLower(new ReadOnlySpan<byte>(p, ByteCount));
    }

    /// <summary>Parses <see cref="ToHex"/>'s form.</summary>
    /// <exception cref="FormatException">Not exactly 256 hex digits.</exception>
    public static NcclUniqueId FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        hex = hex.Trim();
        if (hex.Length != 2 * ByteCount || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"an NCCL unique id is {2 * ByteCount} hex digits (got {hex.Length} characters"
                + (hex.All(Uri.IsHexDigit) ? ")" : ", not all hex digits)"));
        }
        var id = new NcclUniqueId();
        Convert.FromHexString(hex).CopyTo(new Span<byte>(id.bytes, ByteCount));
        return id;
    }
}
