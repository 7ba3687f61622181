using System.IO.Compression;
using System.Xml.Linq;

namespace TinyNN.Package.Tests;

/// <summary>What `dotnet pack` puts in each package: assemblies, the generator as an analyzer, the tool, metadata.</summary>
[Collection(LocalPackageFeedCollection.Name)]
public sealed class PackageContentTests(LocalPackageFeed feed)
{
    [Fact]
    public void EveryPackageHasItsFilesSymbolsAndMetadata()
    {
        Assert.True(feed.PackRun.ExitCode == 0, feed.PackRun.ToString());
        foreach (var id in LocalPackageFeed.PackageIds)
        {
            Assert.True(File.Exists(Path.Combine(feed.Feed, $"{id}.{feed.Version}.snupkg")), $"no symbol package for {id}: {feed.PackRun}");
            var (files, metadata) = Read(id);
            Assert.Contains("README.md", files);
            Assert.Contains("LICENSE", files);
            Assert.Contains("THIRD-PARTY-NOTICES.md", files);
            Assert.Equal("MIT", Element(metadata, "license").Value);
            Assert.Equal("expression", Element(metadata, "license").Attribute("type")?.Value);
            Assert.Equal("README.md", Element(metadata, "readme").Value);
            Assert.Equal(feed.Version, Element(metadata, "version").Value);
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description").Value), $"{id} has no description");
        }
    }

    [Fact]
    public void TheGeneratorShipsAsAnAnalyzerAndFlowsToTinyNNRuntimeUsers()
    {
        var (activations, _) = Read("TinyNN.Activations");
        Assert.Contains("analyzers/dotnet/cs/TinyNN.Generators.dll", activations);
        Assert.Contains("lib/net10.0/TinyNN.Activations.dll", activations);
        Assert.DoesNotContain(activations, f => f.StartsWith("lib/", StringComparison.Ordinal) && f.EndsWith("TinyNN.Generators.dll", StringComparison.Ordinal));

        var (runtime, metadata) = Read("TinyNN.Runtime");
        Assert.Contains("lib/net10.0/TinyNN.Runtime.dll", runtime);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(e => e.Attribute("id")!.Value);
        Assert.Equal(feed.Version, dependencies["TinyNN.Activations"].Attribute("version")?.Value);
        // An excluded "Analyzers" asset would drop the generator for anyone referencing TinyNN.Runtime.
        Assert.DoesNotContain("analyzers", dependencies["TinyNN.Activations"].Attribute("exclude")?.Value ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ILGPU", dependencies.Keys);
    }

    [Fact]
    public void TheCliIsADotnetToolNamedTinynn()
    {
        var (files, metadata) = Read("tinynn");
        var settingsPath = Assert.Single(files, f => f.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using var archive = ZipFile.OpenRead(Path.Combine(feed.Feed, $"tinynn.{feed.Version}.nupkg"));
        using var settingsStream = archive.GetEntry(settingsPath)!.Open();
        var command = XDocument.Load(settingsStream).Descendants("Command").Single();
        Assert.Equal("tinynn", command.Attribute("Name")?.Value);
        Assert.Equal("tinynn.dll", command.Attribute("EntryPoint")?.Value);
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && e.Attribute("name")?.Value == "DotnetTool");
        Assert.Contains(files, f => f.EndsWith("/TinyNN.Sdf.dll", StringComparison.Ordinal));
    }

    /// <summary>The entries of a package and its nuspec's metadata element.</summary>
    private (List<string> Files, XElement Metadata) Read(string id)
    {
        var path = Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg");
        Assert.True(File.Exists(path), $"{path} was not packed: {feed.PackRun}");
        using var archive = ZipFile.OpenRead(path);
        var files = archive.Entries.Select(e => e.FullName).ToList();
        using var nuspec = archive.GetEntry($"{id}.nuspec")!.Open();
        return (files, XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata"));
    }

    private static XElement Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");
}
