using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>
/// Fault injection for the checkpoint protocol's tests, off unless the environment variable
/// <c>TINYNN_FAULT_CHECKPOINT</c> is set to <c>POINT:io</c> or <c>POINT:kill</c>, optionally <c>:N</c> for the N-th save
/// of the run (default 1): at that <see cref="CheckpointSavePoint"/> the save throws an I/O error, or the process
/// kills itself (SIGKILL: no cleanup runs, as in a power cut).
/// </summary>
internal static class CheckpointFaultInjection
{
    /// <summary>The environment variable that turns fault injection on.</summary>
    public const string Variable = "TINYNN_FAULT_CHECKPOINT";

    /// <summary>The hook the variable describes, or null when it is unset.</summary>
    public static Action<CheckpointSavePoint>? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } text) return null;
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || !Enum.TryParse<CheckpointSavePoint>(parts[0], out var point) || parts[1] is not ("io" or "kill")
            || (parts.Length == 3 && (!int.TryParse(parts[2], out var n) || n < 1)))
        {
            throw new UsageException($"{Variable} must be POINT:io or POINT:kill[:N] with POINT one of {string.Join(", ", Enum.GetNames<CheckpointSavePoint>())} "
                + $"and N ≥ 1 (got '{text}')");
        }
        var save = parts.Length == 3 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var kill = parts[1] == "kill";
        var saves = 0;
        return reached =>
        {
            if (reached == CheckpointSavePoint.FilesStarted) saves++;
            if (reached != point || saves != save) return;
            if (kill) System.Diagnostics.Process.GetCurrentProcess().Kill();
            throw new IOException($"injected I/O error at {point} ({Variable})");
        };
    }
}
