using ILGPU;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>Validation shared by the encodings' passes (the view checks of <see cref="Encoding"/>, per pass) and launch sizes.</summary>
internal static class EncodingPassChecks
{
    /// <summary>batch·width threads for one launch; ILGPU indexes a launch with an int.</summary>
    public static int Threads(int batch, int width)
    {
        var threads = (long)batch * width;
        return threads <= int.MaxValue
            ? (int)threads
            : throw new ArgumentOutOfRangeException(nameof(batch), $"batch {batch} × width {width} = {threads} exceeds the {int.MaxValue} threads one launch can index");
    }

    /// <summary>Validates the views of <see cref="Encoding.Forward"/>.</summary>
    public static void CheckForward(Encoding encoding, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        CheckBatch(batch);
        Check(parameters, encoding.ParameterCount, nameof(parameters));
        Check(input, (long)batch * encoding.InputWidth, nameof(input));
        Check(output, (long)batch * encoding.PaddedOutputWidth, nameof(output));
    }

    /// <summary>Validates the views and mode of <see cref="Encoding.Backward"/>.</summary>
    public static void CheckBackward(Encoding encoding, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        CheckBatch(batch);
        CheckMode(mode);
        Check(parameters, encoding.ParameterCount, nameof(parameters));
        Check(input, (long)batch * encoding.InputWidth, nameof(input));
        Check(outputGradient, (long)batch * encoding.PaddedOutputWidth, nameof(outputGradient));
        if (inputGradient.Length > 0) Check(inputGradient, (long)batch * encoding.InputWidth, nameof(inputGradient));
        if (mode != GradientMode.Ignore) Check(parameterGradient, encoding.ParameterCount, nameof(parameterGradient));
    }

    /// <summary>Validates the views and mode of <see cref="Encoding.BackwardBackwardInput"/>.</summary>
    public static void CheckBackwardBackward(Encoding encoding, ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        CheckBackward(encoding, parameters, input, outputGradient, inputGradient, parameterGradient, mode, batch);
        Check(inputGradientDirection, (long)batch * encoding.InputWidth, nameof(inputGradientDirection));
        Check(outputGradientGradient, (long)batch * encoding.PaddedOutputWidth, nameof(outputGradientGradient));
    }

    private static void Check(ArrayView<float> view, long length, string name)
    {
        if (view.Length < length) throw new ArgumentException($"{name} holds {view.Length} floats; this pass needs {length}", name);
    }

    private static void CheckBatch(int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), $"batch size must be ≥ 1 (got {batch})");
    }

    private static void CheckMode(GradientMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), $"gradient mode must be Ignore, Overwrite or Accumulate (got {(int)mode})");
    }
}
