using ILGPU.Runtime;
using TinyNN.Devices;
using TinyNN.Encodings;
using TinyNN.Networks;

namespace TinyNN.Tests.Encodings;

/// <summary>Bad options and bad views fail with messages that name the value and what is accepted.</summary>
public sealed class EncodingValidationTests(CpuFastPathFixture fixture) : IClassFixture<CpuFastPathFixture>
{
    private ComputeDevice Device => fixture.Device;

    public static TheoryData<string, string> BadOptions => new()
    {
        { "Frequency 0", "Frequency n_frequencies must be 1..24 (got 0)" },
        { "Frequency 25", "Frequency n_frequencies must be 1..24 (got 25)" },
        { "TriangleWave 0", "TriangleWave n_frequencies must be 1..24 (got 0)" },
        { "OneBlob 12", "OneBlob n_bins must be a power of two from 1 to 1024 (got 12)" },
        { "OneBlob 2048", "OneBlob n_bins must be a power of two from 1 to 1024 (got 2048)" },
        { "OneBlob 0", "OneBlob n_bins must be a power of two from 1 to 1024 (got 0)" },
        { "SphericalHarmonics degree 0", "SphericalHarmonics degree must be 1..8 (got 0)" },
        { "SphericalHarmonics degree 9", "SphericalHarmonics degree must be 1..8 (got 9)" },
        { "SphericalHarmonics width 2", "SphericalHarmonics encodes 3D directions: input width must be 3 (got 2)" },
        { "Identity scale NaN", "Identity scale must be a finite number (got NaN)" },
        { "Identity offset ∞", "Identity offset must be a finite number (got Infinity)" },
        { "Identity width 0", "encoding input width must be ≥ 1 (got 0)" },
        { "Frequency alignment 0", "encoding alignment must be ≥ 1 (got 0)" },
    };

    [Theory, MemberData(nameof(BadOptions))]
    public void BadOptionsAreRejected(string what, string message)
    {
        Action create = what switch
        {
            "Frequency 0" => () => _ = new FrequencyEncoding(Device, 3, 0),
            "Frequency 25" => () => _ = new FrequencyEncoding(Device, 3, 25),
            "TriangleWave 0" => () => _ = new TriangleWaveEncoding(Device, 3, 0),
            "OneBlob 12" => () => _ = new OneBlobEncoding(Device, 3, 12),
            "OneBlob 2048" => () => _ = new OneBlobEncoding(Device, 3, 2048),
            "OneBlob 0" => () => _ = new OneBlobEncoding(Device, 3, 0),
            "SphericalHarmonics degree 0" => () => _ = new SphericalHarmonicsEncoding(Device, 3, 0),
            "SphericalHarmonics degree 9" => () => _ = new SphericalHarmonicsEncoding(Device, 3, 9),
            "SphericalHarmonics width 2" => () => _ = new SphericalHarmonicsEncoding(Device, 2, 4),
            "Identity scale NaN" => () => _ = new IdentityEncoding(Device, 3, float.NaN, 0f),
            "Identity offset ∞" => () => _ = new IdentityEncoding(Device, 3, 1f, float.PositiveInfinity),
            "Identity width 0" => () => _ = new IdentityEncoding(Device, 0, 1f, 0f),
            "Frequency alignment 0" => () => _ = new FrequencyEncoding(Device, 3, 4, alignment: 0),
            _ => throw new ArgumentException(what),
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void CompositeRejectsNestedEncodingsThatDoNotFit()
    {
        Encoding Frequency(int width) => new FrequencyEncoding(Device, width, 1);
        void Rejects(Action create, string message) => Assert.Contains(message, Assert.ThrowsAny<ArgumentException>(create).Message);

        Rejects(() => _ = new CompositeEncoding(Device, 3, [], CompositeReduction.Concatenation), "Composite needs at least one nested encoding (got none)");
        Rejects(() => _ = new CompositeEncoding(Device, 3, [Frequency(2), Frequency(2)], CompositeReduction.Concatenation),
            "Composite nested encodings encode 4 inputs but the composite has 3");
        Rejects(() => _ = new CompositeEncoding(Device, 3, [Frequency(2), Frequency(1)], CompositeReduction.Sum),
            "Composite Sum needs nested encodings of one output width: nested 0 (Frequency) has 4, nested 1 (Frequency) has 2");
        Rejects(() => _ = new CompositeEncoding(Device, 3, [Frequency(1), new IdentityEncoding(Device, 2, 1f, 0f, alignment: 4)], CompositeReduction.Product),
            "Composite Product pads its output itself: nested 1 (Identity) must have alignment 1 (its 2 outputs are padded to 4)");
        Rejects(() => _ = new CompositeEncoding(Device, 3, [Frequency(3)], (CompositeReduction)7), "Composite reduction must be Concatenation, Sum or Product (got 7)");
        using var other = ComputeDevice.Open(DeviceKind.Cpu);
        Rejects(() => _ = new CompositeEncoding(Device, 3, [new FrequencyEncoding(other, 3, 1)], CompositeReduction.Concatenation),
            "Composite nested encoding 0 (Frequency) runs on another device than the composite");
    }

    [Fact]
    public void PassesRejectShortViewsAndBadBatches()
    {
        var encoding = new FrequencyEncoding(Device, 3, 2, alignment: 16);
        var a = Device.Accelerator;
        using var input = a.Allocate1D<float>(6);
        using var output = a.Allocate1D<float>(31);
        var none = ILGPU.ArrayView<float>.Empty;
        var error = Assert.Throws<ArgumentException>(() => encoding.Forward(none, input.View, output.View, 2));
        Assert.Contains("output holds 31 floats; this pass needs 32", error.Message);
        error = Assert.Throws<ArgumentException>(() => encoding.Forward(none, input.View, output.View, 3));
        Assert.Contains("input holds 6 floats; this pass needs 9", error.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => encoding.Forward(none, input.View, output.View, 0));
        Assert.Contains("batch size must be ≥ 1 (got 0)", range.Message);
        range = Assert.Throws<ArgumentOutOfRangeException>(() =>
            encoding.Backward(none, input.View, output.View, input.View, none, (GradientMode)5, 1));
        Assert.Contains("gradient mode must be Ignore, Overwrite or Accumulate (got 5)", range.Message);
        error = Assert.Throws<ArgumentException>(() =>
            encoding.BackwardBackwardInput(none, input.View, output.View, input.View.SubView(0, 2), output.View, input.View, none, GradientMode.Overwrite, 1));
        Assert.Contains("inputGradientDirection holds 2 floats; this pass needs 3", error.Message);
    }

    [Fact]
    public void ReferenceRejectsWrongLengths()
    {
        var reference = EncodingReference.Frequency(2, 3);
        Assert.Contains("x has 3 values; expected 2", Assert.Throws<ArgumentException>(() => reference.Forward([0, 0, 0])).Message);
        Assert.Contains("b has 2 values; expected 12", Assert.Throws<ArgumentException>(() => reference.Backward([0, 0], [0, 0])).Message);
    }
}
