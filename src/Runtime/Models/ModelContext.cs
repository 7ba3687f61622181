using ILGPU;
using ILGPU.Runtime;
using TinyNN.Networks;

namespace TinyNN.Models;

/// <summary>
/// What a training forward of a <see cref="NetworkWithInputEncoding"/> keeps (the encoded input and the MLP's
/// context) and the scratch its backward passes use. Create once per batch size, reuse every step, dispose at the end.
/// </summary>
public sealed class ModelContext : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> encoded, encodedGradient, encodedDirection, encodedSecondGradient, inputScratch;

    internal ModelContext(Accelerator accelerator, MlpNetwork network, int inputWidth, int capacity)
    {
        Capacity = capacity;
        Network = network.CreateContext(capacity);
        var encodedFloats = (long)network.Layout.InputWidth * capacity;
        encoded = accelerator.Allocate1D<float>(encodedFloats);
        encodedGradient = accelerator.Allocate1D<float>(encodedFloats);
        encodedDirection = accelerator.Allocate1D<float>(encodedFloats);
        encodedSecondGradient = accelerator.Allocate1D<float>(encodedFloats);
        inputScratch = accelerator.Allocate1D<float>((long)inputWidth * capacity);
    }

    /// <summary>The largest batch this context holds.</summary>
    public int Capacity { get; }

    /// <summary>Samples of the last forward.</summary>
    public int BatchSize { get; internal set; }

    /// <summary>The MLP's part of the context.</summary>
    internal MlpContext Network { get; }

    /// <summary>z = enc(x), [batch, padded encoding width].</summary>
    internal ArrayView<float> Encoded => encoded.View;

    /// <summary>dL₁/dz.</summary>
    internal ArrayView<float> EncodedGradient => encodedGradient.View;

    /// <summary>g_z = J_enc·g_x.</summary>
    internal ArrayView<float> EncodedDirection => encodedDirection.View;

    /// <summary>dL₂/dz from the MLP's backward-backward.</summary>
    internal ArrayView<float> EncodedSecondGradient => encodedSecondGradient.View;

    /// <summary>A [batch, inputs] scratch (the second dL₂/dx term before it is added).</summary>
    internal ArrayView<float> InputScratch => inputScratch.View;

    /// <inheritdoc/>
    public void Dispose()
    {
        Network.Dispose();
        encoded.Dispose();
        encodedGradient.Dispose();
        encodedDirection.Dispose();
        encodedSecondGradient.Dispose();
        inputScratch.Dispose();
    }
}
