using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Tests.Encodings;

/// <summary>
/// A test encoding with parameters, computed on the host: y_d = θ_d·x_d². It lets the Composite tests check parameter
/// slicing, gradient modes and the product's cross terms into dL₂/dθ (∂²y_d/∂x_d∂θ_d = 2x_d). InitializeParameters
/// writes the seed into every parameter, so a test can see which seed each nested encoding got.
/// </summary>
internal sealed class QuadraticTestEncoding(ComputeDevice device, int width) : Encoding(device, width, width, 1)
{
    public override string Name => "QuadraticTest";

    public override float PaddingValue => 0f;

    public override long ParameterCount => InputWidth;

    public static EncodingReference Reference(double[] theta) =>
        new(theta.Length, theta.Length, x => [.. x.Select((v, d) => theta[d] * v * v)]);

    public override void InitializeParameters(Span<float> parameters, int seed)
    {
        base.InitializeParameters(parameters, seed);
        parameters.Fill(seed);
    }

    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var (theta, x) = (parameters.GetAsArray(), input.GetAsArray());
        output.SubView(0, batch * InputWidth).CopyFromCPU(Map(batch, i => theta[i % InputWidth] * x[i] * x[i]));
    }

    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        var (theta, x, b) = (parameters.GetAsArray(), input.GetAsArray(), outputGradient.GetAsArray());
        if (inputGradient.Length > 0) inputGradient.SubView(0, batch * InputWidth).CopyFromCPU(Map(batch, i => b[i] * 2 * theta[i % InputWidth] * x[i]));
        WriteGradient(parameterGradient, mode, Sum(batch, i => b[i] * x[i] * x[i]));
    }

    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        var (theta, x, b, g) = (parameters.GetAsArray(), input.GetAsArray(), outputGradient.GetAsArray(), inputGradientDirection.GetAsArray());
        outputGradientGradient.SubView(0, batch * InputWidth).CopyFromCPU(Map(batch, i => 2 * theta[i % InputWidth] * x[i] * g[i]));
        if (inputGradient.Length > 0) inputGradient.SubView(0, batch * InputWidth).CopyFromCPU(Map(batch, i => g[i] * b[i] * 2 * theta[i % InputWidth]));
        WriteGradient(parameterGradient, mode, Sum(batch, i => g[i] * b[i] * 2 * x[i]));
    }

    private float[] Map(int batch, Func<int, float> f) => [.. Enumerable.Range(0, batch * InputWidth).Select(f)];

    private float[] Sum(int batch, Func<int, float> f) =>
        [.. Enumerable.Range(0, InputWidth).Select(d => Enumerable.Range(0, batch).Sum(s => f(s * InputWidth + d)))];

    private static void WriteGradient(ArrayView<float> parameterGradient, GradientMode mode, float[] gradient)
    {
        if (mode == GradientMode.Ignore) return;
        var target = parameterGradient.SubView(0, gradient.Length);
        if (mode == GradientMode.Accumulate)
        {
            var old = target.GetAsArray();
            gradient = [.. gradient.Select((v, i) => v + old[i])];
        }
        target.CopyFromCPU(gradient);
    }
}
