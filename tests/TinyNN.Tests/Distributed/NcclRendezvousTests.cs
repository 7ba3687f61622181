using TinyNN.Distributed;

namespace TinyNN.Tests.Distributed;

/// <summary>The one-process-per-GPU rendezvous: ranks from the environment, the NCCL id through a shared file.</summary>
public sealed class NcclRendezvousTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tinynn-rendezvous-").FullName;

    [Fact]
    public void ReadsTinyNNOrTorchrunVariables()
    {
        Assert.Null(NcclRendezvous.FromEnvironment(_ => null));
        Assert.Equal(new NcclRendezvous(3, 8, 1), NcclRendezvous.FromEnvironment(Env(("TINYNN_WORLD_SIZE", "8"), ("TINYNN_RANK", "3"), ("TINYNN_LOCAL_RANK", "1"))));
        Assert.Equal(new NcclRendezvous(2, 4, 2), NcclRendezvous.FromEnvironment(Env(("WORLD_SIZE", "4"), ("RANK", "2"))));
    }

    [Theory]
    [InlineData("TINYNN_RANK", "4", "TINYNN_RANK must be an integer 0..3 (got '4')")]
    [InlineData("TINYNN_RANK", "x", "TINYNN_RANK must be an integer 0..3 (got 'x')")]
    [InlineData("TINYNN_LOCAL_RANK", "-1", "TINYNN_LOCAL_RANK must be an integer 0..3 (got '-1')")]
    public void BadValuesAreNamed(string name, string value, string expected)
    {
        var variables = new Dictionary<string, string> { ["TINYNN_WORLD_SIZE"] = "4", ["TINYNN_RANK"] = "0", [name] = value };
        var error = Assert.Throws<ArgumentException>(() => NcclRendezvous.FromEnvironment(n => variables.GetValueOrDefault(n)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AWorldWithoutRanksIsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => NcclRendezvous.FromEnvironment(Env(("WORLD_SIZE", "2"))));
        Assert.Contains("WORLD_SIZE=2 is set but TINYNN_RANK (or RANK) is not", error.Message);
        var zero = Assert.Throws<ArgumentException>(() => NcclRendezvous.FromEnvironment(Env(("TINYNN_WORLD_SIZE", "0"), ("TINYNN_RANK", "0"))));
        Assert.Contains("TINYNN_WORLD_SIZE must be an integer 1..", zero.Message);
    }

    [Fact]
    public void RanksShareRankZerosIdThroughTheFile()
    {
        var file = Path.Combine(directory, "nccl-id");
        var id = NcclUniqueId.FromHex(string.Concat(Enumerable.Range(0, 128).Select(i => (255 - i).ToString("x2"))));
        var created = 0;
        var ids = new NcclUniqueId[3];
        Parallel.For(0, 3, rank => ids[rank] = new NcclRendezvous(rank, 3, rank).ExchangeId(() =>
        {
            Interlocked.Increment(ref created);
            return id;
        }, null, file, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, created);
        Assert.All(ids, i => Assert.Equal(id.ToHex(), i.ToHex()));
        Assert.Single(Directory.GetFiles(directory));
    }

    [Fact]
    public void AnIdInTheEnvironmentWinsAndNoIdIsAnError()
    {
        var hex = new string('a', 256);
        Assert.Equal(hex, new NcclRendezvous(1, 2, 1).ExchangeId(() => throw new InvalidOperationException("rank 1 must not create an id"), hex, null, TimeSpan.Zero).ToHex());
        var error = Assert.Throws<ArgumentException>(() => new NcclRendezvous(0, 2, 0).ExchangeId(() => default, null, null, TimeSpan.Zero));
        Assert.Contains("2 ranks need a shared NCCL id: set TINYNN_NCCL_ID (256 hex digits) or TINYNN_NCCL_ID_FILE", error.Message);
    }

    [Fact]
    public void WaitingForAMissingRankZeroTimesOut()
    {
        var file = Path.Combine(directory, "never-written");
        var error = Assert.Throws<TimeoutException>(() => new NcclRendezvous(1, 2, 1).ExchangeId(() => default, null, file, TimeSpan.FromMilliseconds(200)));
        Assert.Contains($"rank 1 waited 0 s for rank 0 to write the NCCL id to {file}", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
