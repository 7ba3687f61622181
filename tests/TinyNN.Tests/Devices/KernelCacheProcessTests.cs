using System.Diagnostics;
using System.Globalization;
using TinyNN.CacheWriter;
using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>The cache across processes: two writers at once on one bounded folder, and `tinynn cache info|clear` with TINYNN_CACHE.</summary>
public sealed class KernelCacheProcessTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tinynn-kernel-processes-" + Guid.NewGuid().ToString("N"));

    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    private static Process Start(string dll, IEnumerable<string> arguments, IEnumerable<(string Name, string Value)>? environment = null)
    {
        var info = new ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? []) info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> Finish(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), "the process did not finish within 3 minutes");
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task TwoProcessesFillingAndEvictingOneFolderAtOnceOnlyEverReadIntactEntries()
    {
        // A bound of about four of the nine entries keeps both processes writing, renaming and evicting throughout.
        using var compiler = new PtxCompiler();
        var entryBytes = PtxKernelImage.Entry(KernelCacheKey.For(CacheWriterKernels.All[0], false, CacheWriterKernels.Targets[0]), compiler.Compile(CacheWriterKernels.All[0]))
            .Encode().Length;
        var bound = (entryBytes * 4L).ToString(CultureInfo.InvariantCulture);
        using var first = Start("TinyNN.CacheWriter.dll", [directory, bound, "100", "2"]);
        using var second = Start("TinyNN.CacheWriter.dll", [directory, bound, "100", "2"]);
        var results = new[] { await Finish(first), await Finish(second) };

        foreach (var (exitCode, output, error) in results)
        {
            Assert.True(exitCode == 0, $"a writer failed (exit {exitCode}): {output}{error}");
            Assert.Matches(@"hits [1-9]\d* misses [1-9]\d*", output);
        }
        var store = new KernelCacheStore(directory, long.Parse(bound, CultureInfo.InvariantCulture));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        foreach (var ready in Directory.GetFiles(directory, "*.ready")) File.Delete(ready);
        Assert.True(store.Usage().Bytes <= store.MaxBytes, $"{store.Usage().Bytes} bytes kept over a bound of {store.MaxBytes}");
        var intact = CacheWriterKernels.Targets.SelectMany(target => CacheWriterKernels.All.Select(kernel => KernelCacheKey.For(kernel, false, target)))
            .Count(key => store.TryRead(key) is not null);
        Assert.Equal(0, store.Rejected);
        Assert.Equal(store.Usage().Entries, intact); // every file left is a verified entry of one of the keys
        Assert.True(intact > 0);
    }

    [Fact]
    public async Task CacheInfoAndClearReportTheFolderAndTinynnCacheOffIsShown()
    {
        var store = new KernelCacheStore(directory, 1 << 20);
        store.Write(new KernelCacheEntry("kernel: a\n", ".visible .entry Kernel_A() { ret; }", 0, false));
        store.Write(new KernelCacheEntry("kernel: b\n", ".visible .entry Kernel_B() { ret; }", 0, false));
        (string, string)[] environment = [("TINYNN_CACHE_DIR", directory), ("TINYNN_CACHE_SIZE_MB", "64")];

        var info = await Finish(Start("tinynn.dll", ["cache", "info"], environment));
        Assert.True(info.ExitCode == 0, info.Error);
        Assert.Contains($"kernel cache: {directory}", info.Output);
        Assert.Contains("state: on", info.Output);
        Assert.Contains("entries: 2 kernels", info.Output);
        Assert.Contains("of at most 64.0 MB", info.Output);

        var off = await Finish(Start("tinynn.dll", ["cache", "info"], [.. environment, ("TINYNN_CACHE", "off")]));
        Assert.Contains("state: off (TINYNN_CACHE=off)", off.Output);

        var clear = await Finish(Start("tinynn.dll", ["cache", "clear"], environment));
        Assert.True(clear.ExitCode == 0, clear.Error);
        Assert.Contains($"cleared 2 kernels", clear.Output);
        Assert.Equal((0, 0L), store.Usage());

        var wrong = await Finish(Start("tinynn.dll", ["cache", "purge"], environment));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("cache: expected one of info, clear (got 'purge')", wrong.Error);

        var badSwitch = await Finish(Start("tinynn.dll", ["cache", "info"], [.. environment, ("TINYNN_CACHE", "sometimes")]));
        Assert.Equal(2, badSwitch.ExitCode);
        Assert.Contains("TINYNN_CACHE must be on or off (got 'sometimes')", badSwitch.Error);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
