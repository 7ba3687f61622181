namespace TinyNN.Distributed;

/// <summary>
/// Where one process stands in a run of one process per GPU (possibly over several hosts), and how its ranks agree on the
/// NCCL unique id, as torchrun does: rank, world size and local rank from the environment (TINYNN_RANK, TINYNN_WORLD_SIZE,
/// TINYNN_LOCAL_RANK, or torchrun's RANK, WORLD_SIZE, LOCAL_RANK), the id from TINYNN_NCCL_ID (256 hex digits) or from a
/// file on storage every host sees (TINYNN_NCCL_ID_FILE), which rank 0 writes and the others wait for.
/// </summary>
public sealed record NcclRendezvous(int Rank, int WorldSize, int LocalRank)
{
    /// <summary>The id as hex, when a launcher hands it out.</summary>
    public const string IdVariable = "TINYNN_NCCL_ID";

    /// <summary>A shared file for the id, written by rank 0.</summary>
    public const string IdFileVariable = "TINYNN_NCCL_ID_FILE";

    /// <summary>
    /// The rendezvous the environment describes, or null when it names no world size (a single-process run).
    /// <paramref name="environment"/> reads a variable (e.g. Environment.GetEnvironmentVariable).
    /// </summary>
    /// <exception cref="ArgumentException">A variable that is not a number in range; the message names it.</exception>
    public static NcclRendezvous? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (worldName, worldText) = First(environment, "TINYNN_WORLD_SIZE", "WORLD_SIZE");
        if (worldText is null) return null;
        var worldSize = Parse(worldName, worldText, 1, int.MaxValue);
        var (rankName, rankText) = First(environment, "TINYNN_RANK", "RANK");
        if (rankText is null) throw new ArgumentException($"{worldName}={worldText} is set but TINYNN_RANK (or RANK) is not: every process needs its rank");
        var rank = Parse(rankName, rankText, 0, worldSize - 1);
        var (localName, localText) = First(environment, "TINYNN_LOCAL_RANK", "LOCAL_RANK");
        var localRank = localText is null ? rank : Parse(localName, localText, 0, worldSize - 1);
        return new NcclRendezvous(rank, worldSize, localRank);
    }

    /// <summary>
    /// The id every rank uses: <paramref name="idHex"/> when given; otherwise rank 0 makes one with <paramref name="create"/>
    /// and writes it to <paramref name="idFile"/> (atomically, by a rename), and the other ranks wait up to
    /// <paramref name="timeout"/> for that file. Remove a stale file before a new run.
    /// </summary>
    public NcclUniqueId ExchangeId(Func<NcclUniqueId> create, string? idHex, string? idFile, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!string.IsNullOrWhiteSpace(idHex)) return NcclUniqueId.FromHex(idHex);
        if (string.IsNullOrWhiteSpace(idFile))
        {
            if (WorldSize == 1) return create();
            throw new ArgumentException($"{WorldSize} ranks need a shared NCCL id: set {IdVariable} (256 hex digits) or {IdFileVariable} (a file every host sees)");
        }
        if (Rank == 0)
        {
            var id = create();
            var temporary = $"{idFile}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, id.ToHex());
            File.Move(temporary, idFile, overwrite: true);
            return id;
        }
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (File.Exists(idFile)) return NcclUniqueId.FromHex(File.ReadAllText(idFile));
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"rank {Rank} waited {timeout.TotalSeconds:0} s for rank 0 to write the NCCL id to {idFile}; is rank 0 running and is the file shared?");
            }
            Thread.Sleep(50);
        }
    }

    private static (string Name, string? Value) First(Func<string, string?> environment, string name, string fallback) =>
        environment(name) is { Length: > 0 } value ? (name, value) : (fallback, environment(fallback) is { Length: > 0 } other ? other : null);

    private static int Parse(string name, string text, int minimum, int maximum) =>
        int.TryParse(text, out var value) && value >= minimum && value <= maximum ? value
        : throw new ArgumentException($"{name} must be an integer {minimum}..{maximum} (got '{text}')");
}
