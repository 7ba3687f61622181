namespace TinyNN.Devices;

/// <summary>Which accelerator to run on: <c>--device auto|cuda|cpu</c>.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when a GPU is present, else the CPU.</summary>
    Auto,
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend; an error when none is present.</summary>
    Cuda,
    /// <summary>The CPU.</summary>
    Cpu,
}

/// <summary>Parses <c>--device</c> values with an error that lists the accepted ones.</summary>
public static class DeviceKinds
{
    /// <summary>Parses "auto", "cuda" or "cpu" (any case).</summary>
    public static DeviceKind Parse(string value) => value.ToLowerInvariant() switch
    {
        "auto" => DeviceKind.Auto,
        "cuda" or "gpu" => DeviceKind.Cuda,
        "cpu" => DeviceKind.Cpu,
        _ => throw new ArgumentException($"--device must be auto, cuda or cpu (got '{value}')"),
    };
}
