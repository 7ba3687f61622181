using System.Globalization;

namespace TinyNN.Package.Tests;

/// <summary>
/// This checkout's packages, packed once into a temporary folder feed under a version no earlier run used (so the
/// global package cache cannot serve a stale copy), and a scratch folder outside the repository for consumers.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    /// <summary>Every package the repository ships.</summary>
    public static readonly string[] PackageIds = ["TinyNN.Activations", "TinyNN.Runtime", "TinyNN.Sdf", "tinynn"];

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Packs the repository's build outputs (built before these tests, as project references) into <see cref="Feed"/>.</summary>
    public LocalPackageFeed()
    {
        Version = string.Create(CultureInfo.InvariantCulture, $"0.0.0-packagetest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");
        Root = Path.Combine(Path.GetTempPath(), "tinynn-package-test-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        var solution = Path.Combine(RepositoryRoot(), "TinyNN.sln");
        PackRun = DotnetCommand.Dotnet(Root, TimeSpan.FromMinutes(5),
            "pack", solution, "-c", Configuration, "--no-build", "-o", Feed, $"-p:Version={Version}", "-nologo");
    }

    /// <summary>The package version this run packed.</summary>
    public string Version { get; }

    /// <summary>A temporary folder outside the repository holding the feed and the consumers.</summary>
    public string Root { get; }

    /// <summary>The folder feed.</summary>
    public string Feed { get; }

    /// <summary>What <c>dotnet pack</c> printed, for assertion messages.</summary>
    public CommandRun PackRun { get; }

    /// <summary>A nuget.config that lists the local feed before the sources this machine already uses (inherited from the user's config).</summary>
    public void WriteNuGetConfig(string directory) => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="tinynn-local" value="{Feed}" />
          </packageSources>
        </configuration>
        """);

    /// <summary>Removes the temporary folder and this run's copies from the global package cache.</summary>
    public void Dispose()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var copy = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            var folder = Path.GetDirectoryName(copy)!;
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>The folder holding TinyNN.sln, above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TinyNN.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no TinyNN.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>The tests that share one packed feed (packing takes a while on two cores).</summary>
[CollectionDefinition(Name)]
public sealed class LocalPackageFeedCollection : ICollectionFixture<LocalPackageFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "local package feed";
}
