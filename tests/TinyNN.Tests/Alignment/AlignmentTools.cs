namespace TinyNN.Tests.Alignment;

/// <summary>
/// Where the alignment tests find their programs: `tinynn` (tinynn.dll, built and copied beside the tests through
/// the test project's reference to the Cli), the Python with PyTorch (env TINYNN_PYTHON, else /usr/bin/python3:
/// Debian's python3-torch, which CI installs) and the oracle script tests/alignment/torch_reference.py.
/// </summary>
internal static class AlignmentTools
{
    /// <summary>Set to 1 to skip the PyTorch comparisons on a machine without python3-torch.</summary>
    public const string SkipVariable = "TINYNN_SKIP_ALIGNMENT";

    public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";

    public static string Python => Environment.GetEnvironmentVariable("TINYNN_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string OracleScript => Path.Combine(RepositoryRoot, "tests", "alignment", "torch_reference.py");

    public static string OracleFolder => Path.Combine(RepositoryRoot, "tests", "alignment");

    /// <summary>Runs `dotnet tinynn.dll` with <paramref name="arguments"/>.</summary>
    public static ProcessRun RunTinyNN(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var tinynn = Path.Combine(AppContext.BaseDirectory, "tinynn.dll");
        Assert.True(File.Exists(tinynn), $"{tinynn} is missing: the test project references src/Cli so the build copies it there");
        // The dotnet CLI tells child processes which host it is; a plain `dotnet` on PATH otherwise.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return ProcessRun.Start(host, [tinynn, .. arguments], environment: environment);
    }

    /// <summary>
    /// Null when the Python at <see cref="Python"/> imports torch and numpy, else why not, with what to do about it.
    /// </summary>
    public static string? PythonProblem()
    {
        ProcessRun run;
        try
        {
            run = ProcessRun.Start(Python, ["-c", "import numpy, torch; print(torch.__version__)"]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run {Python} ({e.Message}). " + Advice;
        }
        return run.ExitCode == 0 ? null : $"{Python} cannot import torch and numpy ({run.StandardError.Trim().Split('\n')[^1]}). " + Advice;
    }

    private const string Advice = "The alignment tests compare tinynn against PyTorch autograd: CI installs python3-torch and python3-numpy "
        + "(apt-get install python3-torch); point TINYNN_PYTHON at another Python with torch, or set " + SkipVariable + "=1 to skip them.";

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TinyNN.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no TinyNN.sln above {AppContext.BaseDirectory}");
    }
}
