using TinyNN.Devices;

namespace TinyNN.Tests.Devices;

/// <summary>Where the kernel cache lives and whether it is on, from TINYNN_CACHE, TINYNN_CACHE_DIR, TINYNN_CACHE_SIZE_MB and XDG.</summary>
public sealed class KernelCacheSettingsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;

    [Fact]
    public void DefaultsToTheXdgCacheHomeOnPosix()
    {
        if (OperatingSystem.IsWindows()) return; // LocalAppData there
        var settings = KernelCacheSettings.From(Environment(("XDG_CACHE_HOME", "/var/cache/me"), ("HOME", "/home/me")));
        Assert.True(settings.Enabled);
        Assert.Equal("/var/cache/me/tinynn/kernels", settings.Directory);
        Assert.Equal(KernelCacheSettings.DefaultMaxBytes, settings.MaxBytes);
    }

    [Fact]
    public void FallsBackToHomeDotCacheWithoutXdgOrWithARelativeOne()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal("/home/me/.cache/tinynn/kernels", KernelCacheSettings.From(Environment(("HOME", "/home/me"))).Directory);
        Assert.Equal("/home/me/.cache/tinynn/kernels", KernelCacheSettings.From(Environment(("HOME", "/home/me"), ("XDG_CACHE_HOME", "relative/cache"))).Directory);
    }

    [Fact]
    public void TheDirectoryVariableOverridesAndTheSizeBounds()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tinynn-override");
        var settings = KernelCacheSettings.From(Environment(("TINYNN_CACHE_DIR", directory), ("XDG_CACHE_HOME", "/elsewhere"), ("TINYNN_CACHE_SIZE_MB", "3")));
        Assert.Equal(Path.GetFullPath(directory), settings.Directory);
        Assert.Equal(3L << 20, settings.MaxBytes);
    }

    [Theory]
    [InlineData("off", false)]
    [InlineData("OFF", false)]
    [InlineData("on", true)]
    [InlineData("", true)]
    public void TinynnCacheSwitchesTheCache(string value, bool enabled) =>
        Assert.Equal(enabled, KernelCacheSettings.From(Environment(("TINYNN_CACHE", value), ("HOME", "/home/me"))).Enabled);

    [Theory]
    [InlineData("TINYNN_CACHE", "maybe", "TINYNN_CACHE must be on or off (got 'maybe')")]
    [InlineData("TINYNN_CACHE_SIZE_MB", "0", "TINYNN_CACHE_SIZE_MB must be a whole number of megabytes from 1")]
    [InlineData("TINYNN_CACHE_SIZE_MB", "-5", "(got '-5')")]
    [InlineData("TINYNN_CACHE_SIZE_MB", "1.5", "(got '1.5')")]
    public void AnInvalidValueIsNamed(string variable, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => KernelCacheSettings.From(Environment((variable, value), ("HOME", "/home/me"))));
        Assert.Contains(message, error.Message);
    }
}
