using ILGPU;
using ILGPU.Runtime;
using System.Text.RegularExpressions;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Tests.Encodings;

/// <summary>Every dimension × feature count × interpolation on the CPU simulator (the kernels as the GPU runs them), tiny batch.</summary>
public sealed class GridSimulatorTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    public static TheoryData<GridCase> Cases()
    {
        var data = new TheoryData<GridCase>();
        var i = 0;
        foreach (var dims in new[] { 2, 3, 4 })
        {
            foreach (var features in new[] { 1, 2, 4, 8 })
            {
                foreach (var interpolation in Enum.GetValues<GridInterpolation>())
                {
                    data.Add(new GridCase(dims, features, (GridType)((i + i / 3) % 3), interpolation, i % 2 == 0 ? 1 : 16));
                    i++;
                }
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(GridCase c) => GridPassCases.AssertMatchesReference(fixture.Device, c, batch: 6);
}

/// <summary>The CPU fast path (kernels under Parallel.For) against the reference, and the pass semantics on it.</summary>
public sealed class GridFastPathTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    public static TheoryData<GridCase> Cases() => new()
    {
        new GridCase(2, 2, GridType.Hash, GridInterpolation.Linear, 16),
        new GridCase(3, 2, GridType.Hash, GridInterpolation.Smoothstep, 16),
        new GridCase(3, 4, GridType.Dense, GridInterpolation.Linear),
        new GridCase(3, 1, GridType.Tiled, GridInterpolation.Nearest, 16),
        new GridCase(4, 8, GridType.Hash, GridInterpolation.Smoothstep),
        new GridCase(4, 2, GridType.Tiled, GridInterpolation.Linear),
        new GridCase(2, 8, GridType.Dense, GridInterpolation.Smoothstep, 16),
    };

    [Theory, MemberData(nameof(Cases))]
    public void PassesMatchTheFloat64Reference(GridCase c) => GridPassCases.AssertMatchesReference(fixture.Device, c, batch: 40);

    [Theory]
    [InlineData(GridInterpolation.Nearest)]
    [InlineData(GridInterpolation.Linear)]
    [InlineData(GridInterpolation.Smoothstep)]
    public void SecondOrderAlongOneAxisHasAZeroDiagonalOnlyWithoutCurvature(GridInterpolation interpolation)
    {
        // g along axis k only: dL₂/dx_k = Σ b·V·g_k·∂²W/∂x_k², the pure diagonal term. Linear's w″ ≡ 0 and Nearest is
        // piecewise constant, so both must give exactly 0 there (no rounding residue); Smoothstep must not. The other
        // axes get the mixed terms ∂²W/∂x_k∂x_j, which only Nearest zeroes.
        const int dims = 3, batch = 16, axis = 1;
        var layout = new GridLayout(dims, GridType.Hash, 3, 2, 5, 3, 1.6f);
        using var encoding = new GridEncoding(fixture.Device, layout, interpolation);
        var a = fixture.Device.Accelerator;
        var random = new Random(5);
        var parameters = GridPassCases.Vector(layout.ParameterCount, random);
        var x = GridPassCases.Inputs(dims, batch, random);
        var b = GridPassCases.Vector(batch * layout.OutputWidth, random);
        var g = new float[batch * dims];
        for (var s = 0; s < batch; s++) g[s * dims + axis] = (float)(random.NextDouble() + 0.5);
        using var w = a.Allocate1D(parameters);
        using var input = a.Allocate1D(x);
        using var outputGradient = a.Allocate1D(b);
        using var direction = a.Allocate1D(g);
        using var d2b = GridPassCases.Poisoned(a, batch * layout.OutputWidth);
        using var d2x = GridPassCases.Poisoned(a, batch * dims);
        using var d2w = GridPassCases.Poisoned(a, layout.ParameterCount);
        encoding.BackwardBackwardInput(w.View, input.View, outputGradient.View, direction.View, d2b.View, d2x.View, d2w.View, GradientMode.Overwrite, batch);
        a.Synchronize();
        var kernel = d2x.GetAsArray1D();

        var reference = new GridEncodingReference(layout, interpolation, [.. parameters.Select(p => (double)p)]);
        for (var s = 0; s < batch; s++)
        {
            double[] Row(float[] data, int n) => [.. data.Skip(s * n).Take(n).Select(v => (double)v)];
            var (expected, _) = reference.BackwardBackward(Row(x, dims), Row(b, layout.OutputWidth), Row(g, dims), new double[layout.ParameterCount]);
            if (interpolation == GridInterpolation.Smoothstep)
            {
                Assert.NotEqual(0f, kernel[s * dims + axis]);
            }
            else
            {
                Assert.Equal(0.0, expected[axis]);
                Assert.Equal(0f, kernel[s * dims + axis]);
            }
            for (var k = 0; k < dims; k++)
            {
                Assert.Equal(expected[k], kernel[s * dims + k], 1e-4 * Math.Max(1, Math.Abs(expected[k])));
                if (interpolation == GridInterpolation.Nearest) Assert.Equal(0f, kernel[s * dims + k]);
            }
        }
        if (interpolation == GridInterpolation.Nearest)
        {
            Assert.All(d2b.GetAsArray1D(), v => Assert.Equal(0f, v));
            Assert.All(d2w.GetAsArray1D(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void NearestHasExactlyZeroInputGradient()
    {
        var layout = new GridLayout(2, GridType.Hash, 3, 2, 5, 3, 1.6f);
        using var encoding = new GridEncoding(fixture.Device, layout, GridInterpolation.Nearest);
        var a = fixture.Device.Accelerator;
        var random = new Random(3);
        using var w = a.Allocate1D(GridPassCases.Vector(layout.ParameterCount, random));
        using var input = a.Allocate1D(GridPassCases.Inputs(2, 8, random));
        using var outputGradient = a.Allocate1D(GridPassCases.Vector(8 * layout.OutputWidth, random));
        using var dx = GridPassCases.Poisoned(a, 16);
        encoding.Backward(w.View, input.View, outputGradient.View, dx.View, default, GradientMode.Ignore, 8);
        a.Synchronize();
        Assert.All(dx.GetAsArray1D(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void GradientModesOverwriteAccumulateAndIgnore()
    {
        var c = new GridCase(3, 2, GridType.Hash, GridInterpolation.Smoothstep);
        var layout = c.Layout();
        using var encoding = new GridEncoding(fixture.Device, layout, c.Interpolation);
        var a = fixture.Device.Accelerator;
        var random = new Random(11);
        const int batch = 12;
        using var w = a.Allocate1D(GridPassCases.Vector(layout.ParameterCount, random));
        using var input = a.Allocate1D(GridPassCases.Inputs(3, batch, random));
        using var outputGradient = a.Allocate1D(GridPassCases.Vector(batch * layout.OutputWidth, random));
        using var direction = a.Allocate1D(GridPassCases.Vector(batch * 3, random));
        using var d2b = a.Allocate1D<float>(batch * layout.OutputWidth);
        var start = GridPassCases.Vector(layout.ParameterCount, random);

        float[] Run(GradientMode mode, bool second)
        {
            using var gradient = a.Allocate1D(start);
            if (second)
            {
                encoding.BackwardBackwardInput(w.View, input.View, outputGradient.View, direction.View, d2b.View, default, gradient.View, mode, batch);
            }
            else
            {
                encoding.Backward(w.View, input.View, outputGradient.View, default, gradient.View, mode, batch);
            }
            a.Synchronize();
            return gradient.GetAsArray1D();
        }

        foreach (var second in new[] { false, true })
        {
            var overwritten = Run(GradientMode.Overwrite, second);
            var accumulated = Run(GradientMode.Accumulate, second);
            Assert.Equal(start, Run(GradientMode.Ignore, second));
            Assert.Contains(overwritten, v => v != 0f);
            for (var i = 0; i < start.Length; i++) Assert.Equal(start[i] + overwritten[i], accumulated[i], 1e-5f);
        }
    }

    [Fact]
    public void InvalidPassArgumentsAreRejected()
    {
        var layout = new GridLayout(3, GridType.Hash, 3, 2, 5, 3, 1.6f);
        using var encoding = new GridEncoding(fixture.Device, layout, GridInterpolation.Linear, alignment: 16);
        var a = fixture.Device.Accelerator;
        using var w = a.Allocate1D<float>(layout.ParameterCount);
        using var x = a.Allocate1D<float>(4 * 3);
        using var y = a.Allocate1D<float>(4 * 16);
        using var shortY = a.Allocate1D<float>(4 * layout.OutputWidth);
        Assert.Contains("this pass needs 64", Assert.Throws<ArgumentException>(() => encoding.Forward(w.View, x.View, shortY.View, 4)).Message);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => encoding.Forward(w.View, x.View, y.View, 5)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => encoding.Forward(x.View, x.View, y.View, 4)).ParamName);
        Assert.Contains("(got 0)", Assert.Throws<ArgumentOutOfRangeException>(() => encoding.Forward(w.View, x.View, y.View, 0)).Message);
        Assert.Equal("parameterGradient", Assert.Throws<ArgumentException>(() =>
            encoding.Backward(w.View, x.View, y.View, default, x.View, GradientMode.Overwrite, 4)).ParamName);
        Assert.Contains("(got 9)", Assert.Throws<ArgumentOutOfRangeException>(() =>
            encoding.Backward(w.View, x.View, y.View, x.View, w.View, (GradientMode)9, 4)).Message);
        Assert.Equal("inputGradientDirection", Assert.Throws<ArgumentException>(() =>
            encoding.BackwardBackwardInput(w.View, x.View, y.View, default, y.View, default, default, GradientMode.Ignore, 4)).ParamName);
        Assert.Contains("Nearest, Linear or Smoothstep (got 5)", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GridEncoding(fixture.Device, layout, (GridInterpolation)5)).Message);
        Assert.Throws<ArgumentNullException>(() => new GridEncoding(fixture.Device, null!, GridInterpolation.Linear));
    }

    [Fact]
    public void DescribesItselfAsTcnnDoes()
    {
        using var hash = new GridEncoding(fixture.Device, 3, GridType.Hash, 16, 2, 19, 16, 2f, GridInterpolation.Linear, alignment: 16);
        using var dense = new GridEncoding(fixture.Device, 2, GridType.Dense, 2, 4, 19, 4, 2f, GridInterpolation.Smoothstep);
        using var tiled = new GridEncoding(fixture.Device, 4, GridType.Tiled, 2, 1, 19, 4, 2f, GridInterpolation.Nearest);
        Assert.Equal(["HashGrid", "DenseGrid", "TiledGrid"], new[] { hash.Name, dense.Name, tiled.Name });
        Assert.Equal((32, 32, 0f), (hash.OutputWidth, hash.PaddedOutputWidth, hash.PaddingValue));
        Assert.Equal(hash.Layout.ParameterCount, hash.ParameterCount);
        Assert.Equal((16 + 64) * 4, dense.ParameterCount);
        var parameters = new float[dense.ParameterCount];
        dense.InitializeParameters(parameters, seed: 1);
        Assert.All(parameters, p => Assert.InRange(p, -1e-4f, 1e-4f));
        Assert.True(parameters.Distinct().Count() > parameters.Length / 2);
        var again = new float[dense.ParameterCount];
        dense.InitializeParameters(again, seed: 1);
        Assert.Equal(parameters, again);
        Assert.Throws<ArgumentException>(() => dense.InitializeParameters(new float[3], seed: 1));
    }
}

/// <summary>The kernels compiled offline to SM 9.0 PTX: fully inlined and free of local memory (no arrays, no spills).</summary>
public sealed class GridPtxTests
{
    [Theory]
    [InlineData(2, 1, GridInterpolation.Nearest)]
    [InlineData(3, 2, GridInterpolation.Smoothstep)]
    [InlineData(4, 8, GridInterpolation.Linear)]
    [InlineData(4, 4, GridInterpolation.Smoothstep)]
    public void KernelsCompileWithoutLocalMemoryOrCalls(int dims, int features, GridInterpolation interpolation)
    {
        using var compiler = new PtxCompiler();
        foreach (var kernel in GridEncoding.KernelMethods(dims, features, interpolation))
        {
            var ptx = compiler.Compile(kernel);
            Assert.Contains(".entry", ptx);
            Assert.DoesNotContain(".local", ptx);
            Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), $"{kernel.Name} must inline completely");
            // float64 only where p = scale·x + 0.5 is rounded once: loads, conversions, the product and the add.
            var f64 = Regex.Matches(ptx, @"^\s*([a-z0-9.]*\.f64[a-z0-9.]*)\s", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.NotEmpty(f64);
            Assert.All(f64, op => Assert.Contains(op, new[] { "ld.global.f64", "cvt.f64.f32", "cvt.rn.f32.f64", "mul.f64", "add.f64", "fma.rn.f64", "mov.f64" }));
        }
    }
}
