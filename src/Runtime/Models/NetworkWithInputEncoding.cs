using ILGPU;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Models;

/// <summary>
/// tcnn's NetworkWithInputEncoding with second order: y = MLP(enc(x)), parameters [network | encoding] in one flat
/// vector (tcnn's order). Backward-of-backward follows the chain rule through both: the encoding's bwd-bwd turns
/// g_x into g_z = J_enc·g_x (plus its Hessian and parameter terms), the MLP's bwd-bwd runs on g_z, and the
/// encoding's first-order backward carries the MLP's dL₂/dz on to dL₂/dx and dL₂/dθ_enc. State lives in the
/// <see cref="ModelContext"/>, never in this object.
/// </summary>
public sealed class NetworkWithInputEncoding : IDisposable
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> addInto;

    /// <summary>Composes <paramref name="encoding"/> and <paramref name="network"/> (whose input width must be the encoding's padded output).</summary>
    public NetworkWithInputEncoding(Encoding encoding, MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layout.InputWidth != encoding.PaddedOutputWidth)
        {
            throw new ArgumentException($"the network takes {network.Layout.InputWidth} inputs but the {encoding.Name} encoding writes {encoding.PaddedOutputWidth} (padded)", nameof(network));
        }
        if (!ReferenceEquals(encoding.Device, network.Device)) throw new ArgumentException("the encoding and the network must live on the same device", nameof(network));
        Encoding = encoding;
        Network = network;
        addInto = Device.LoadKernel<ArrayView<float>, ArrayView<float>>(VectorKernels.AddInto);
    }

    /// <summary>The device both parts run on.</summary>
    public ComputeDevice Device => Network.Device;

    /// <summary>The input encoding.</summary>
    public Encoding Encoding { get; }

    /// <summary>The MLP after it.</summary>
    public MlpNetwork Network { get; }

    /// <summary>Inputs per sample.</summary>
    public int InputWidth => Encoding.InputWidth;

    /// <summary>Outputs per sample.</summary>
    public int OutputWidth => Network.Layout.OutputWidth;

    /// <summary>Network parameters (first in the flat vector, as tcnn).</summary>
    public long NetworkParameterCount => Network.Layout.ParameterCount;

    /// <summary>All parameters: network, then encoding.</summary>
    public long ParameterCount => NetworkParameterCount + Encoding.ParameterCount;

    /// <summary>tcnn's initial parameters: the MLP's (SIREN scheme for Sine) then the encoding's.</summary>
    public float[] InitialParameters(int seed)
    {
        var parameters = new float[ParameterCount];
        MlpInitialization.Create(Network.Layout, siren: Network.Activation.Name == "Sine", seed).CopyTo(parameters, 0);
        Encoding.InitializeParameters(parameters.AsSpan((int)NetworkParameterCount), seed);
        return parameters;
    }

    /// <summary>A context for batches of up to <paramref name="capacity"/> samples.</summary>
    public ModelContext CreateContext(int capacity) => new(Device.Accelerator, Network, InputWidth, capacity);

    /// <summary>Inference into <paramref name="output"/> ([batch, OutputWidth]); uses the context's buffers, keeps nothing.</summary>
    public void Inference(ModelContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        Bind(context, batch, parameters);
        Encoding.Forward(EncodingParameters(parameters), input, context.Encoded, batch);
        Network.Inference(NetworkParameters(parameters), context.Encoded, output, batch);
    }

    /// <summary>Training forward: y, keeping what the backward passes read in <paramref name="context"/>.</summary>
    public void Forward(ModelContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        Bind(context, batch, parameters);
        Encoding.Forward(EncodingParameters(parameters), input, context.Encoded, batch);
        Network.Forward(context.Network, NetworkParameters(parameters), context.Encoded, output, batch);
        context.BatchSize = batch;
    }

    /// <summary>dL/dparams (per <paramref name="mode"/>) and dL/dx (when <paramref name="inputGradient"/> is not empty) from dL/dy.</summary>
    public void Backward(ModelContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode) =>
        Backward(context, parameters, input, outputGradient, inputGradient, parameterGradient, mode, keepForSecondOrder: false);

    /// <summary>
    /// Backward that, with <paramref name="keepForSecondOrder"/>, keeps what a following backward of backward with the
    /// same dL₁/dy can reuse (dL₁/dz and the MLP's adjoints): the Eikonal step's ∇ₓf pass. See firstOrderIsCurrent there.
    /// </summary>
    public void Backward(ModelContext context, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, bool keepForSecondOrder)
    {
        var batch = Started(context);
        var needEncoded = keepForSecondOrder || inputGradient.Length > 0 || Encoding.ParameterCount > 0 && mode != GradientMode.Ignore;
        Network.Backward(context.Network, NetworkParameters(parameters), context.Encoded, outputGradient,
            needEncoded ? context.EncodedGradient : default, NetworkGradient(parameterGradient, mode), mode, keepForSecondOrder);
        if (!needEncoded) return;
        Encoding.Backward(EncodingParameters(parameters), input, context.EncodedGradient, inputGradient,
            EncodingGradient(parameterGradient, mode), mode, batch);
    }

    /// <summary>
    /// Backward of backward, L₂ = ⟨dL₁/dx, g⟩ with L₁ = ⟨y, dL₁/dy⟩: dL₂/dparams (per <paramref name="mode"/>),
    /// dL₂/d(dL₁/dy) into <paramref name="outputGradientGradient"/> and dL₂/dx into <paramref name="inputGradient"/>.
    /// With <paramref name="extraOutputGradient"/> ê the objective is L₂ + ⟨y, ê⟩ (a training loss's backward in the
    /// same passes; dL/dparams and dL/dx include its terms). An empty <paramref name="inputGradient"/> skips dL₂/dx.
    /// </summary>
    public void BackwardBackwardInput(ModelContext context, ArrayView<float> parameters, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, ArrayView<float> extraOutputGradient = default) =>
        BackwardBackwardInput(context, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient, inputGradient,
            parameterGradient, mode, firstOrderIsCurrent: false, extraOutputGradient);

    /// <summary>
    /// The public backward of backward; with <paramref name="firstOrderIsCurrent"/> the caller vouches that the last
    /// backward on this context took the same dL₁/dy with keepForSecondOrder, so b_z = dL₁/dz and the MLP's adjoints
    /// are still in the context and are not recomputed (the trainer's case).
    /// </summary>
    public void BackwardBackwardInput(ModelContext context, ArrayView<float> parameters, ArrayView<float> input,
        ArrayView<float> outputGradient, ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, bool firstOrderIsCurrent,
        ArrayView<float> extraOutputGradient = default)
    {
        var batch = Started(context);
        var networkParameters = NetworkParameters(parameters);
        var encodingParameters = EncodingParameters(parameters);
        var encodingGradient = EncodingGradient(parameterGradient, mode);
        // b_z = dL₁/dz, which the encoding's second order needs.
        if (!firstOrderIsCurrent)
        {
            Network.Backward(context.Network, networkParameters, context.Encoded, outputGradient, context.EncodedGradient, default, GradientMode.Ignore);
        }
        // Encoding bwd-bwd: g_z = J g_x, its Hessian term of dL₂/dx, its mixed term of dL₂/dθ_enc.
        Encoding.BackwardBackwardInput(encodingParameters, input, context.EncodedGradient, inputGradientDirection, context.EncodedDirection,
            inputGradient, encodingGradient, mode, batch);
        // MLP bwd-bwd on g_z: dL₂/d(dL₁/dy), dL₂/dz and dL₂/dθ_net.
        Network.BackwardBackwardInput(context.Network, networkParameters, context.Encoded, outputGradient, context.EncodedDirection,
            outputGradientGradient, context.EncodedSecondGradient, NetworkGradient(parameterGradient, mode), mode, extraOutputGradient,
            adjointsAreCurrent: firstOrderIsCurrent);
        // dL₂/dz through the encoding's first-order backward: onto dL₂/dx and dL₂/dθ_enc.
        // (An empty inputGradient skips every dL₂/dx term: training needs only the parameter gradient.)
        var wantInput = inputGradient.Length > 0;
        Encoding.Backward(encodingParameters, input, context.EncodedSecondGradient, wantInput ? context.InputScratch : default, encodingGradient,
            mode == GradientMode.Ignore ? GradientMode.Ignore : GradientMode.Accumulate, batch);
        if (wantInput) addInto((int)((long)batch * InputWidth), inputGradient, context.InputScratch);
    }

    private void Bind(ModelContext context, int batch, ArrayView<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (batch < 1 || batch > context.Capacity) throw new ArgumentOutOfRangeException(nameof(batch), $"batch must be 1..{context.Capacity} for this context (got {batch})");
        if (parameters.Length < ParameterCount) throw new ArgumentException($"parameters holds {parameters.Length} floats; the model has {ParameterCount}", nameof(parameters));
    }

    private static int Started(ModelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.BatchSize > 0 ? context.BatchSize : throw new InvalidOperationException("run Forward on this context before a backward pass");
    }

    private ArrayView<float> NetworkParameters(ArrayView<float> parameters) => parameters.SubView(0, NetworkParameterCount);

    private ArrayView<float> EncodingParameters(ArrayView<float> parameters) =>
        Encoding.ParameterCount == 0 ? default : parameters.SubView(NetworkParameterCount, Encoding.ParameterCount);

    private ArrayView<float> NetworkGradient(ArrayView<float> gradient, GradientMode mode) =>
        mode == GradientMode.Ignore ? default : Checked(gradient).SubView(0, NetworkParameterCount);

    private ArrayView<float> EncodingGradient(ArrayView<float> gradient, GradientMode mode) =>
        mode == GradientMode.Ignore || Encoding.ParameterCount == 0 ? default : Checked(gradient).SubView(NetworkParameterCount, Encoding.ParameterCount);

    private ArrayView<float> Checked(ArrayView<float> gradient) => gradient.Length >= ParameterCount
        ? gradient
        : throw new ArgumentException($"parameterGradient holds {gradient.Length} floats; the model has {ParameterCount}", nameof(gradient));

    /// <summary>Frees the encoding's device data (the network holds none; contexts are disposed by their owners).</summary>
    public void Dispose() => Encoding.Dispose();
}
