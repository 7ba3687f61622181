using System.Runtime.InteropServices;

namespace TinyNN.Distributed;

/// <summary>
/// The C library's environment, which native libraries read with getenv: .NET's Environment.SetEnvironmentVariable
/// only changes the managed copy on Linux, so settings meant for NCCL go through libc's setenv.
/// </summary>
internal static unsafe class NativeEnvironment
{
    private static readonly Lazy<IntPtr> Libc = new(() =>
        NativeLibrary.TryLoad("libc.so.6", out var handle) ? handle
        : throw new PlatformNotSupportedException("libc.so.6 could not be loaded: NCCL runs on Linux with glibc"));

    /// <summary>Sets <paramref name="name"/>=<paramref name="value"/> for native code unless it is already set; returns the value in force.</summary>
    public static string SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is { } existing) return existing;
        var setenv = (delegate* unmanaged<byte*, byte*, int, int>)NativeLibrary.GetExport(Libc.Value, "setenv");
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        var valueBytes = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* n = nameBytes)
        fixed (byte* v = valueBytes)
        {
            if (setenv(n, v, 0) != 0) throw new InvalidOperationException($"setenv({name}) failed");
        }
        Environment.SetEnvironmentVariable(name, value);
        return value;
    }
}
