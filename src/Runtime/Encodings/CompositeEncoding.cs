using ILGPU;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's "Composite" encoding (encodings/composite.h): nested encodings over consecutive input ranges (nested i
/// encodes its InputWidth inputs after those of nested 0..i−1; inputs past them are not encoded and get zero
/// gradients), combined by <see cref="Reduction"/>:
/// <list type="bullet">
/// <item>Concatenation: nested outputs side by side with their own padding (give a nested encoding the alignment tcnn
/// gives it to reproduce tcnn's layout); the composite's padding holds the last nested encoding's padding value.</item>
/// <item>Sum, Product: unpadded nested outputs of one width, combined elementwise; the composite pads, with the sum or
/// product of the nested padding values (what tcnn's elementwise reduction of its padded nested outputs gives).</item>
/// </list>
/// Parameters are the nested encodings' in order. Second order is exact, the product's cross terms included:
/// with y = Πₘ zₘ, L₂ = Σₖ⟨βₖ, Jₖgₖ⟩ where βₖ = b⊙Πₘ≠ₖ zₘ, so besides each nested encoding's own second-order
/// terms, nested m receives the first-order gradient γₘ = b⊙Σₖ≠ₘ (Jₖgₖ)⊙Πₗ≠ₖ,ₘ zₗ.
/// Nested outputs live in scratch buffers for one pass (Composite is glue, not a hot kernel).
/// </summary>
public sealed class CompositeEncoding : Encoding
{
    private readonly Encoding[] nested;
    private readonly int[] inputOffsets;
    private readonly int[] outputOffsets;
    private readonly long[] parameterOffsets;
    private readonly Action<Index1D, int, ColumnBlock, ColumnBlock, int> copy;
    private readonly Action<Index1D, int, ColumnBlock, float> fill;
    private readonly Action<Index1D, ReductionShape, int, int, ArrayView<float>, ColumnBlock, float>? combine;
    private readonly Action<Index1D, ReductionShape, ArrayView<float>, ColumnBlock, ArrayView<float>>? productAdjoints;
    private readonly Action<Index1D, ReductionShape, int, ArrayView<float>, ArrayView<float>, ColumnBlock>? productTangent;
    private readonly Action<Index1D, ReductionShape, ArrayView<float>, ArrayView<float>, ColumnBlock, ArrayView<float>>? productSecondAdjoints;

    /// <summary>
    /// Combines <paramref name="nested"/> (each built on <paramref name="device"/> with its own input width, together at
    /// most <paramref name="inputWidth"/>) by <paramref name="reduction"/>; Sum and Product need unpadded nested
    /// encodings (alignment 1) of one output width.
    /// </summary>
    public CompositeEncoding(ComputeDevice device, int inputWidth, IReadOnlyList<Encoding> nested, CompositeReduction reduction, int alignment = 1)
        : base(device, inputWidth, CombinedWidth(device, inputWidth, nested, reduction), alignment)
    {
        this.nested = [.. nested];
        Reduction = reduction;
        inputOffsets = new int[this.nested.Length];
        outputOffsets = new int[this.nested.Length];
        parameterOffsets = new long[this.nested.Length];
        for (var i = 1; i < this.nested.Length; i++)
        {
            inputOffsets[i] = inputOffsets[i - 1] + this.nested[i - 1].InputWidth;
            outputOffsets[i] = outputOffsets[i - 1] + this.nested[i - 1].PaddedOutputWidth;
            parameterOffsets[i] = parameterOffsets[i - 1] + this.nested[i - 1].ParameterCount;
        }
        EncodedInputs = inputOffsets[^1] + this.nested[^1].InputWidth;
        ParameterCount = parameterOffsets[^1] + this.nested[^1].ParameterCount;
        PaddingValue = reduction switch
        {
            CompositeReduction.Sum => this.nested.Sum(n => n.PaddingValue),
            CompositeReduction.Product => this.nested.Aggregate(1f, (product, n) => product * n.PaddingValue),
            _ => this.nested[^1].PaddingValue,
        };
        copy = device.LoadKernel<int, ColumnBlock, ColumnBlock, int>(CompositeEncodingKernels.Copy);
        fill = device.LoadKernel<int, ColumnBlock, float>(CompositeEncodingKernels.Fill);
        if (reduction == CompositeReduction.Concatenation) return;
        combine = device.LoadKernel<ReductionShape, int, int, ArrayView<float>, ColumnBlock, float>(CompositeEncodingKernels.Combine);
        if (reduction != CompositeReduction.Product) return;
        productAdjoints = device.LoadKernel<ReductionShape, ArrayView<float>, ColumnBlock, ArrayView<float>>(CompositeEncodingKernels.ProductAdjoints);
        productTangent = device.LoadKernel<ReductionShape, int, ArrayView<float>, ArrayView<float>, ColumnBlock>(CompositeEncodingKernels.ProductTangent);
        productSecondAdjoints = device.LoadKernel<ReductionShape, ArrayView<float>, ArrayView<float>, ColumnBlock, ArrayView<float>>(
            CompositeEncodingKernels.ProductSecondAdjoints);
    }

    /// <summary>The nested encodings, in input and parameter order.</summary>
    public IReadOnlyList<Encoding> Nested => nested;

    /// <summary>How the nested outputs are combined.</summary>
    public CompositeReduction Reduction { get; }

    /// <summary>Inputs the nested encodings consume (the rest are passed over).</summary>
    public int EncodedInputs { get; }

    /// <inheritdoc/>
    public override string Name => "Composite";

    /// <inheritdoc/>
    public override float PaddingValue { get; }

    /// <inheritdoc/>
    public override long ParameterCount { get; }

    private static int CombinedWidth(ComputeDevice device, int inputWidth, IReadOnlyList<Encoding> nested, CompositeReduction reduction)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(nested);
        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), $"Composite reduction must be Concatenation, Sum or Product (got {(int)reduction})");
        }
        if (nested.Count == 0) throw new ArgumentException("Composite needs at least one nested encoding (got none)", nameof(nested));
        long encoded = 0;
        for (var i = 0; i < nested.Count; i++)
        {
            var n = nested[i] ?? throw new ArgumentException($"Composite nested encoding {i} is null", nameof(nested));
            if (n.Device != device)
            {
                throw new ArgumentException($"Composite nested encoding {i} ({n.Name}) runs on another device than the composite", nameof(nested));
            }
            encoded += n.InputWidth;
        }
        if (encoded > inputWidth)
        {
            throw new ArgumentException($"Composite nested encodings encode {encoded} inputs but the composite has {inputWidth}", nameof(nested));
        }
        if (reduction == CompositeReduction.Concatenation) return checked(nested.Sum(n => n.PaddedOutputWidth));
        for (var i = 1; i < nested.Count; i++)
        {
            if (nested[i].OutputWidth != nested[0].OutputWidth)
            {
                throw new ArgumentException($"Composite {reduction} needs nested encodings of one output width: nested 0 ({nested[0].Name}) has " +
                    $"{nested[0].OutputWidth}, nested {i} ({nested[i].Name}) has {nested[i].OutputWidth}", nameof(nested));
            }
        }
        var padded = nested.Select((n, i) => (n, i)).FirstOrDefault(p => p.n.PaddedOutputWidth != p.n.OutputWidth);
        if (padded.n is not null)
        {
            throw new ArgumentException($"Composite {reduction} pads its output itself: nested {padded.i} ({padded.n.Name}) must have alignment 1 " +
                $"(its {padded.n.OutputWidth} outputs are padded to {padded.n.PaddedOutputWidth})", nameof(nested));
        }
        return nested[0].OutputWidth;
    }

    /// <summary>Initialises each nested encoding's parameters in turn, nested i with seed + i.</summary>
    public override void InitializeParameters(Span<float> parameters, int seed)
    {
        base.InitializeParameters(parameters, seed);
        for (var i = 0; i < nested.Length; i++)
        {
            nested[i].InitializeParameters(parameters.Slice((int)parameterOffsets[i], (int)nested[i].ParameterCount), seed + i);
        }
    }

    /// <inheritdoc/>
    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        EncodingPassChecks.CheckForward(this, parameters, input, output, batch);
        using var scratch = new EncodingScratch(Device.Accelerator);
        var inputs = Gather(scratch, input, InputWidth, inputOffsets, i => nested[i].InputWidth, batch);
        if (Reduction == CompositeReduction.Concatenation)
        {
            for (var i = 0; i < nested.Length; i++)
            {
                var width = nested[i].PaddedOutputWidth;
                var z = scratch.Allocate((long)batch * width);
                nested[i].Forward(Slice(parameters, i), inputs[i], z, batch);
                Copy(z, width, 0, output, PaddedOutputWidth, outputOffsets[i], width, batch);
            }
            Fill(output, PaddedOutputWidth, OutputWidth, PaddedOutputWidth - OutputWidth, PaddingValue, batch);
            return;
        }
        var values = NestedForward(scratch, parameters, inputs, batch);
        combine!(EncodingPassChecks.Threads(batch, PaddedOutputWidth), Shape(batch), PaddedOutputWidth,
            Reduction == CompositeReduction.Product ? 1 : 0, values, Block(output, PaddedOutputWidth, 0), PaddingValue);
    }

    /// <inheritdoc/>
    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackward(this, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        using var scratch = new EncodingScratch(Device.Accelerator);
        var inputs = Gather(scratch, input, InputWidth, inputOffsets, i => nested[i].InputWidth, batch);
        var adjoints = NestedAdjoints(scratch, parameters, inputs, outputGradient, batch, out _);
        var gradients = InputGradients(scratch, inputGradient, batch);
        for (var i = 0; i < nested.Length; i++)
        {
            nested[i].Backward(Slice(parameters, i), inputs[i], adjoints[i], gradients[i], SliceGradient(parameterGradient, mode, i), mode, batch);
        }
        ScatterInputGradients(gradients, inputGradient, batch);
    }

    /// <inheritdoc/>
    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        EncodingPassChecks.CheckBackwardBackward(this, parameters, input, outputGradient, inputGradientDirection, outputGradientGradient,
            inputGradient, parameterGradient, mode, batch);
        using var scratch = new EncodingScratch(Device.Accelerator);
        var inputs = Gather(scratch, input, InputWidth, inputOffsets, i => nested[i].InputWidth, batch);
        var directions = Gather(scratch, inputGradientDirection, InputWidth, inputOffsets, i => nested[i].InputWidth, batch);
        var adjoints = NestedAdjoints(scratch, parameters, inputs, outputGradient, batch, out var values);
        var gradients = InputGradients(scratch, inputGradient, batch);
        var tangents = new ArrayView<float>[nested.Length];
        var stacked = Reduction == CompositeReduction.Concatenation ? default : scratch.Allocate(StackedLength(batch));
        for (var i = 0; i < nested.Length; i++)
        {
            var width = nested[i].PaddedOutputWidth;
            tangents[i] = Reduction == CompositeReduction.Concatenation ? scratch.Allocate((long)batch * width) : stacked.SubView((long)i * batch * width, (long)batch * width);
            nested[i].BackwardBackwardInput(Slice(parameters, i), inputs[i], adjoints[i], directions[i], tangents[i], gradients[i],
                SliceGradient(parameterGradient, mode, i), mode, batch);
        }

        var threads = EncodingPassChecks.Threads(batch, PaddedOutputWidth);
        var target = Block(outputGradientGradient, PaddedOutputWidth, 0);
        switch (Reduction)
        {
            case CompositeReduction.Concatenation:
                for (var i = 0; i < nested.Length; i++)
                {
                    Copy(tangents[i], nested[i].PaddedOutputWidth, 0, outputGradientGradient, PaddedOutputWidth, outputOffsets[i], nested[i].PaddedOutputWidth, batch);
                }
                Fill(outputGradientGradient, PaddedOutputWidth, OutputWidth, PaddedOutputWidth - OutputWidth, 0f, batch);
                break;
            case CompositeReduction.Sum:
                combine!(threads, Shape(batch), PaddedOutputWidth, 0, stacked, target, 0f);
                break;
            default:
                productTangent!(threads, Shape(batch), PaddedOutputWidth, values, stacked, target);
                CrossTerms(scratch, parameters, inputs, outputGradient, values, stacked, gradients, parameterGradient, mode, batch);
                break;
        }
        ScatterInputGradients(gradients, inputGradient, batch);
    }

    /// <summary>
    /// The product's cross terms: nested m's output also moves the other nested encodings' adjoints βₖ, which adds the
    /// first-order pass of nested m with γₘ to dL₂/dx and dL₂/dθ.
    /// </summary>
    private void CrossTerms(EncodingScratch scratch, ArrayView<float> parameters, ArrayView<float>[] inputs, ArrayView<float> outputGradient,
        ArrayView<float> values, ArrayView<float> tangents, ArrayView<float>[] gradients, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        var hasInputGradient = gradients[0].Length > 0;
        if (!hasInputGradient && mode == GradientMode.Ignore) return;
        var shape = Shape(batch);
        var gammas = scratch.Allocate(StackedLength(batch));
        productSecondAdjoints!(EncodingPassChecks.Threads(batch, shape.Width * nested.Length), shape, values, tangents, Block(outputGradient, PaddedOutputWidth, 0), gammas);
        var accumulate = mode == GradientMode.Ignore ? GradientMode.Ignore : GradientMode.Accumulate;
        for (var i = 0; i < nested.Length; i++)
        {
            var n = nested[i].InputWidth;
            var extra = hasInputGradient ? scratch.Allocate((long)batch * n) : default;
            nested[i].Backward(Slice(parameters, i), inputs[i], gammas.SubView((long)i * batch * shape.Width, (long)batch * shape.Width), extra,
                SliceGradient(parameterGradient, accumulate, i), accumulate, batch);
            if (hasInputGradient) Copy(extra, n, 0, gradients[i], n, 0, n, batch, accumulate: true);
        }
    }

    /// <summary>dL₁/d(nested i's output): slices of b (Concatenation), b itself (Sum) or βᵢ (Product, whose nested values come back too).</summary>
    private ArrayView<float>[] NestedAdjoints(EncodingScratch scratch, ArrayView<float> parameters, ArrayView<float>[] inputs,
        ArrayView<float> outputGradient, int batch, out ArrayView<float> values)
    {
        values = default;
        if (Reduction == CompositeReduction.Concatenation)
        {
            return Gather(scratch, outputGradient, PaddedOutputWidth, outputOffsets, i => nested[i].PaddedOutputWidth, batch);
        }
        var width = OutputWidth;
        if (Reduction == CompositeReduction.Sum)
        {
            var b = scratch.Allocate((long)batch * width);
            Copy(outputGradient, PaddedOutputWidth, 0, b, width, 0, width, batch);
            return [.. nested.Select(_ => b)];
        }
        values = NestedForward(scratch, parameters, inputs, batch);
        var adjoints = scratch.Allocate(StackedLength(batch));
        productAdjoints!(EncodingPassChecks.Threads(batch, width * nested.Length), Shape(batch), values, Block(outputGradient, PaddedOutputWidth, 0), adjoints);
        return [.. Enumerable.Range(0, nested.Length).Select(i => adjoints.SubView((long)i * batch * width, (long)batch * width))];
    }

    /// <summary>The nested outputs stacked for a Sum/Product reduction.</summary>
    private ArrayView<float> NestedForward(EncodingScratch scratch, ArrayView<float> parameters, ArrayView<float>[] inputs, int batch)
    {
        var width = OutputWidth;
        var values = scratch.Allocate(StackedLength(batch));
        for (var i = 0; i < nested.Length; i++)
        {
            nested[i].Forward(Slice(parameters, i), inputs[i], values.SubView((long)i * batch * width, (long)batch * width), batch);
        }
        return values;
    }

    /// <summary>One dL/dx buffer per nested encoding, or empty views when the caller skips dL/dx.</summary>
    private ArrayView<float>[] InputGradients(EncodingScratch scratch, ArrayView<float> inputGradient, int batch) =>
        [.. nested.Select(n => inputGradient.Length > 0 ? scratch.Allocate((long)batch * n.InputWidth) : default)];

    /// <summary>Writes the nested dL/dx into the composite's columns, zeros into inputs no nested encoding reads.</summary>
    private void ScatterInputGradients(ArrayView<float>[] gradients, ArrayView<float> inputGradient, int batch)
    {
        if (inputGradient.Length == 0) return;
        for (var i = 0; i < nested.Length; i++)
        {
            Copy(gradients[i], nested[i].InputWidth, 0, inputGradient, InputWidth, inputOffsets[i], nested[i].InputWidth, batch);
        }
        Fill(inputGradient, InputWidth, EncodedInputs, InputWidth - EncodedInputs, 0f, batch);
    }

    /// <summary>Copies column range [offsets[i], offsets[i] + width(i)) of a [batch, stride] matrix into its own buffer, per nested i.</summary>
    private ArrayView<float>[] Gather(EncodingScratch scratch, ArrayView<float> source, int stride, int[] offsets, Func<int, int> width, int batch)
    {
        var result = new ArrayView<float>[nested.Length];
        for (var i = 0; i < nested.Length; i++)
        {
            result[i] = scratch.Allocate((long)batch * width(i));
            Copy(source, stride, offsets[i], result[i], width(i), 0, width(i), batch);
        }
        return result;
    }

    private void Copy(ArrayView<float> source, int sourceStride, int sourceOffset, ArrayView<float> target, int targetStride, int targetOffset,
        int width, int batch, bool accumulate = false) =>
        copy(EncodingPassChecks.Threads(batch, width), width, Block(source, sourceStride, sourceOffset), Block(target, targetStride, targetOffset), accumulate ? 1 : 0);

    private void Fill(ArrayView<float> target, int stride, int offset, int width, float value, int batch)
    {
        if (width > 0) fill(EncodingPassChecks.Threads(batch, width), width, Block(target, stride, offset), value);
    }

    private static ColumnBlock Block(ArrayView<float> data, int stride, int offset) => new() { Data = data, Stride = stride, Offset = offset };

    private ReductionShape Shape(int batch) => new()
    {
        Count = nested.Length, Batch = batch, Width = OutputWidth,
    };

    private long StackedLength(int batch) => (long)nested.Length * batch * OutputWidth;

    private ArrayView<float> Slice(ArrayView<float> parameters, int i) =>
        nested[i].ParameterCount == 0 ? default : parameters.SubView(parameterOffsets[i], nested[i].ParameterCount);

    private ArrayView<float> SliceGradient(ArrayView<float> parameterGradient, GradientMode mode, int i) =>
        mode == GradientMode.Ignore ? default : Slice(parameterGradient, i);

    /// <summary>Frees the nested encodings' device data.</summary>
    public override void Dispose()
    {
        foreach (var encoding in Nested) encoding.Dispose();
        base.Dispose();
    }
}
