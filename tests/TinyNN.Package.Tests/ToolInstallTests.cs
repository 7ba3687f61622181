using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace TinyNN.Package.Tests;

/// <summary>`dotnet tool install tinynn` from the local feed, then a short `tinynn sdf --quick` on the CPU.</summary>
[Collection(LocalPackageFeedCollection.Name)]
public sealed class ToolInstallTests(LocalPackageFeed feed)
{
    private const int Steps = 60, ImageSize = 320;

    [Fact]
    public void TheInstalledToolTrainsAnSdfAndWritesEveryOutput()
    {
        Assert.True(feed.PackRun.ExitCode == 0, feed.PackRun.ToString());
        var tools = Path.Combine(feed.Root, "tools");
        var install = DotnetCommand.Dotnet(feed.Root, TimeSpan.FromMinutes(3),
            "tool", "install", "--tool-path", tools, "tinynn", "--version", feed.Version, "--add-source", feed.Feed);
        Assert.True(install.ExitCode == 0, install.ToString());
        var tinynn = Path.Combine(tools, OperatingSystem.IsWindows() ? "tinynn.exe" : "tinynn");
        Assert.True(File.Exists(tinynn), $"{tinynn} was not installed: {install}");

        var output = Path.Combine(feed.Root, "sdf-out");
        var run = DotnetCommand.Run(tinynn, feed.Root, TimeSpan.FromMinutes(3), "sdf", "--quick", "--device", "cpu", "--steps", Steps.ToString(),
            "--resolution", "32", "--pool", "8192", "--image-size", ImageSize.ToString(), "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var file in new[] { "mesh.obj", "metrics.json", "checkpoint/params.npy", "checkpoint/config.json" })
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, $"{file} is missing or empty: {run}");
        }
        foreach (var picture in new[] { "render.png", "slice.png", "loss.png" })
        {
            var (width, height) = PngSize(Path.Combine(output, picture));
            Assert.True(width >= ImageSize / 2 && height >= ImageSize / 2 && Math.Max(width, height) <= 2 * ImageSize,
                $"{picture} is {width}×{height} for --image-size {ImageSize}");
        }
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")))!;
        Assert.Equal(Steps, (int)metrics["steps"]!);
        // A few dozen steps already separate inside from outside on the default shape; a broken install would not.
        Assert.True((double)metrics["iou"]! > 0.5, $"IoU {metrics["iou"]} after {Steps} steps");
    }

    /// <summary>The width and height in a PNG's IHDR chunk, after checking the signature.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), $"{path} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
