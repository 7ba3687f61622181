using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Networks;

namespace TinyNN.Encodings;

/// <summary>
/// tcnn's multiresolution grid encoding (HashGrid, DenseGrid, TiledGrid; grid.h) for 2, 3 or 4 input dimensions:
/// each level l blends the F features of the 2^D vertices around p = scale_l·x + 0.5 into output columns
/// l·F .. l·F + F − 1; the padding columns are 0. Levels, table sizes, hashing, parameter layout and initial values
/// follow tcnn (see <see cref="GridLayout"/>); inputs are expected in [0, 1] (outside, vertex coordinates wrap as
/// in tcnn). All three passes are exact derivatives of the interpolation:
/// <list type="bullet">
/// <item>Linear: the second input derivatives are the mixed terms ∂²y/∂x_d∂x_k (d ≠ k) only; along one axis the
/// blend is linear, so the diagonal terms are identically zero and never computed.</item>
/// <item>Smoothstep: mixed and diagonal terms.</item>
/// <item>Nearest: piecewise constant, so dL₁/dx, dL₂/d(dL₁/dy), dL₂/dθ and dL₂/dx are exact zeros (and the
/// backward scatters b to the nearest vertex only).</item>
/// </list>
/// Not supported from tcnn's config: stochastic_interpolation, max_level masking, fixed_point_pos and hash functions
/// other than CoherentPrime. The level table lives in device memory: dispose the encoding to free it.
/// </summary>
public sealed class GridEncoding : Encoding
{
    private const float InitialRange = 1e-4f;

    private readonly MemoryBuffer1D<GridLevelData, Stride1D.Dense> levelData;
    private readonly Action<Index1D, GridKernelArguments> forward, backward, backwardBackward;

    /// <summary>
    /// Creates a grid encoding with tcnn's hyperparameters: <paramref name="inputWidth"/> 2, 3 or 4;
    /// <paramref name="levels"/> 1..128; <paramref name="featuresPerLevel"/> 1, 2, 4 or 8;
    /// <paramref name="log2HashmapSize"/> 1..31 (Hash only); <paramref name="baseResolution"/> ≥ 1;
    /// <paramref name="perLevelScale"/> positive (see <see cref="GridLayout.DefaultPerLevelScale"/>);
    /// <paramref name="alignment"/> pads the output width to a multiple of it. Kernels compile at first launch on a GPU.
    /// </summary>
    public GridEncoding(ComputeDevice device, int inputWidth, GridType type, int levels, int featuresPerLevel, int log2HashmapSize,
        int baseResolution, float perLevelScale, GridInterpolation interpolation, int alignment = 1)
        : this(device, new GridLayout(inputWidth, type, levels, featuresPerLevel, log2HashmapSize, baseResolution, perLevelScale), interpolation, alignment)
    {
    }

    /// <summary>Creates a grid encoding from a validated layout.</summary>
    public GridEncoding(ComputeDevice device, GridLayout layout, GridInterpolation interpolation, int alignment = 1)
        : base(device, (layout ?? throw new ArgumentNullException(nameof(layout))).InputWidth, layout.OutputWidth, alignment)
    {
        if (!Enum.IsDefined(interpolation))
        {
            throw new ArgumentOutOfRangeException(nameof(interpolation), $"grid interpolation must be Nearest, Linear or Smoothstep (got {(int)interpolation})");
        }
        Layout = layout;
        Interpolation = interpolation;
        var kernels = GridKernelSet.For(layout.InputWidth, layout.FeaturesPerLevel, interpolation);
        forward = device.LoadKernel(kernels.Forward);
        backward = device.LoadKernel(kernels.Backward);
        backwardBackward = device.LoadKernel(kernels.BackwardBackward);
        levelData = device.Accelerator.Allocate1D(layout.Levels.Select(level => new GridLevelData
        {
            Scale = level.Scale,
            ScaleFloat = level.Scale,
            Resolution = (uint)level.Resolution,
            TableSize = (uint)level.TableSize,
            Hashed = level.Hashed ? 1u : 0u,
            ParameterOffset = level.Offset * layout.FeaturesPerLevel,
        }).ToArray());
    }

    /// <summary>Levels, table sizes and the parameter layout.</summary>
    public GridLayout Layout { get; }

    /// <summary>How each level blends its vertices.</summary>
    public GridInterpolation Interpolation { get; }

    /// <summary>Dense, hashed or tiled storage.</summary>
    public GridType Type => Layout.Type;

    /// <summary>The levels, coarsest first (scale, resolution, table size, offset, hashing).</summary>
    public IReadOnlyList<GridLevel> Levels => Layout.Levels;

    /// <summary>Features F per level.</summary>
    public int FeaturesPerLevel => Layout.FeaturesPerLevel;

    /// <inheritdoc/>
    public override string Name => Type switch { GridType.Hash => "HashGrid", GridType.Dense => "DenseGrid", _ => "TiledGrid" };

    /// <inheritdoc/>
    public override float PaddingValue => 0f;

    /// <inheritdoc/>
    public override long ParameterCount => Layout.ParameterCount;

    /// <summary>tcnn's initialisation: every parameter uniform in (−1e−4, 1e−4), deterministic in <paramref name="seed"/>.</summary>
    public override void InitializeParameters(Span<float> parameters, int seed)
    {
        base.InitializeParameters(parameters, seed);
        var random = new Random(seed);
        for (var i = 0; i < parameters.Length; i++) parameters[i] = (float)((random.NextDouble() * 2 - 1) * InitialRange);
    }

    /// <inheritdoc/>
    public override void Forward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> output, int batch)
    {
        var a = Arguments(parameters, input, batch);
        a.Output = Check(output, (long)batch * PaddedOutputWidth, nameof(output));
        forward(a.Batch * Levels.Count, a);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// dL₁/dθ scatters b·W to each vertex's entry with atomic adds (weight 1 at Nearest's vertex); dL₁/dx sums
    /// (b·table)·∂W/∂x over corners and levels. Nearest's dL₁/dx is written as exact zeros.
    /// </remarks>
    public override void Backward(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradient, ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        var a = Arguments(parameters, input, batch);
        a.OutputGradient = Check(outputGradient, (long)batch * PaddedOutputWidth, nameof(outputGradient));
        var wantInput = StartInputGradient(ref a, inputGradient, batch);
        var wantParameters = StartParameterGradient(ref a, parameterGradient, mode);
        // Nearest's dL₁/dx is the zero just written; only a parameter scatter is left to launch.
        if (!wantParameters && (!wantInput || Interpolation == GridInterpolation.Nearest)) return;
        backward(a.Batch * Levels.Count, a);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With G = Σ_d g_d·∂W/∂x_d per corner: dL₂/d(dL₁/dy) = Σ G·table, dL₂/dθ scatters G·b, and dL₂/dx_k sums
    /// (b·table)·Σ_d g_d·∂²W/∂x_d∂x_k. For Linear the diagonal terms ∂²W/∂x_k² are identically zero and skipped,
    /// so a direction g along one axis gives exactly 0 in that axis; the mixed terms remain. For Nearest all three
    /// outputs are exact zeros (dL₂/dθ per <paramref name="mode"/>: zeroed for Overwrite, untouched otherwise).
    /// </remarks>
    public override void BackwardBackwardInput(ArrayView<float> parameters, ArrayView<float> input, ArrayView<float> outputGradient,
        ArrayView<float> inputGradientDirection, ArrayView<float> outputGradientGradient, ArrayView<float> inputGradient,
        ArrayView<float> parameterGradient, GradientMode mode, int batch)
    {
        var a = Arguments(parameters, input, batch);
        a.OutputGradient = Check(outputGradient, (long)batch * PaddedOutputWidth, nameof(outputGradient));
        a.Direction = Check(inputGradientDirection, (long)batch * InputWidth, nameof(inputGradientDirection));
        a.Output = Check(outputGradientGradient, (long)batch * PaddedOutputWidth, nameof(outputGradientGradient));
        StartInputGradient(ref a, inputGradient, batch);
        StartParameterGradient(ref a, parameterGradient, mode);
        if (Interpolation == GridInterpolation.Nearest)
        {
            // Piecewise constant: every second-order output is an exact zero, already written for dL₂/dx and dL₂/dθ.
            a.Output.SubView(0, (long)batch * PaddedOutputWidth).MemSetToZero();
            return;
        }
        backwardBackward(a.Batch * Levels.Count, a);
    }

    /// <summary>Frees the level table on the device.</summary>
    public override void Dispose()
    {
        levelData.Dispose();
        base.Dispose();
    }

    private GridKernelArguments Arguments(ArrayView<float> parameters, ArrayView<float> input, int batch)
    {
        CheckBatch(batch);
        if ((long)batch * Levels.Count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"batch size × levels must be ≤ {int.MaxValue} (got {batch} × {Levels.Count})");
        }
        return new GridKernelArguments
        {
            Levels = levelData.View,
            Parameters = Check(parameters, ParameterCount, nameof(parameters)),
            Input = Check(input, (long)batch * InputWidth, nameof(input)),
            Batch = batch,
            OutputWidth = OutputWidth,
            PaddedOutputWidth = PaddedOutputWidth,
        };
    }

    /// <summary>Zeroes dL/dx (levels add into it) unless it is empty (skipped).</summary>
    private bool StartInputGradient(ref GridKernelArguments a, ArrayView<float> inputGradient, int batch)
    {
        if (inputGradient.Length == 0) return false;
        a.InputGradient = Check(inputGradient, (long)batch * InputWidth, nameof(inputGradient)).SubView(0, (long)batch * InputWidth);
        a.InputGradient.MemSetToZero();
        a.ComputeInputGradient = 1;
        return true;
    }

    /// <summary>Zeroes dL/dθ for Overwrite; Accumulate adds to it; Ignore leaves it untouched.</summary>
    private bool StartParameterGradient(ref GridKernelArguments a, ArrayView<float> parameterGradient, GradientMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), $"gradient mode must be Ignore, Overwrite or Accumulate (got {(int)mode})");
        if (mode == GradientMode.Ignore) return false;
        a.ParameterGradient = Check(parameterGradient, ParameterCount, nameof(parameterGradient)).SubView(0, ParameterCount);
        if (mode == GradientMode.Overwrite) a.ParameterGradient.MemSetToZero();
        a.ComputeParameterGradient = 1;
        return true;
    }

    /// <summary>The forward, backward and backward-backward kernel methods specialised for D, F and the interpolation (offline PTX tests).</summary>
    internal static MethodInfo[] KernelMethods(int dimensions, int features, GridInterpolation interpolation)
    {
        var kernels = GridKernelSet.For(dimensions, features, interpolation);
        return [kernels.Forward.Method, kernels.Backward.Method, kernels.BackwardBackward.Method];
    }
}
