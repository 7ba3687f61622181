using ILGPU;
using TinyNN.Devices;

namespace TinyNN.Distributed;

/// <summary>Argument checks shared by the all-reduce implementations, with messages that name the bad value.</summary>
internal static class GradientAllReduceChecks
{
    /// <summary>Throws unless there is at least one device and <paramref name="count"/> is a positive int-sized length.</summary>
    public static void RequireSetup(IReadOnlyList<ComputeDevice> devices, long count)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count < 1) throw new ArgumentException("a gradient all-reduce needs at least one local replica device", nameof(devices));
        for (var i = 0; i < devices.Count; i++)
        {
            if (devices[i] is null) throw new ArgumentNullException(nameof(devices), $"local replica device {i} is null");
        }
        if (count < 1 || count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"the gradient length must be 1..{int.MaxValue} floats (got {count})");
        }
    }

    /// <summary>Throws unless there is one gradient of <paramref name="count"/> floats per local replica.</summary>
    public static void RequireGradients(IReadOnlyList<ArrayView<float>> gradients, int replicas, long count)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != replicas)
        {
            throw new ArgumentException($"expected one gradient per local replica ({replicas}); got {gradients.Count}", nameof(gradients));
        }
        for (var r = 0; r < gradients.Count; r++)
        {
            if (gradients[r].Length != count)
            {
                throw new ArgumentException($"gradient {r} holds {gradients[r].Length} floats; the all-reduce was set up for {count}", nameof(gradients));
            }
        }
    }
}
