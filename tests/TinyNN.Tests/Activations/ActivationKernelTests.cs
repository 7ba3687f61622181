using System.Text.RegularExpressions;
using TinyNN.Activations;
using TinyNN.Devices;

namespace TinyNN.Tests.Activations;

/// <summary>
/// The generated code inside an ILGPU kernel: run on the CPU accelerator against the host values, and compiled
/// offline to SM 9.0 PTX to prove it is GPU-compatible: fully inlined, float32 only, no local memory.
/// </summary>
public sealed class ActivationKernelTests(CpuDeviceFixture fixture) : IClassFixture<CpuDeviceFixture>
{
    public static TheoryData<string> Names => ActivationCases.Names();

    [Theory, MemberData(nameof(Names))]
    public void KernelOnCpuAcceleratorMatchesHostValues(string name)
    {
        var a = ActivationCases.Get(name);
        var points = ActivationCheck.Points((float)ActivationCases.Range(name));
        var values = a.EvaluateOnDevice(fixture.Device, points);
        for (var i = 0; i < points.Length; i++)
        {
            // The CPU accelerator runs the same IL as the host's Device* call: results must agree to the last bit.
            Assert.Equal(a.DeviceForward(points[i]), values.Value[i]);
            Assert.Equal(a.DeviceDerivative(points[i]), values.Derivative[i]);
            Assert.Equal(a.DeviceSecondDerivative(points[i]), values.SecondDerivative[i]);
        }
    }

    [Fact]
    public void SelfCheckPassesForEveryBuiltInOnTheCpu()
    {
        foreach (var a in ActivationRegistry.BuiltIn)
        {
            var result = ActivationCheck.Run(a, fixture.Device, ActivationCheck.Points());
            Assert.True(result.AllFinite && result.WorstError <= 1e-6, $"{a.Name}: {result}");
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void KernelCompilesToInlinedFloat32PtxWithoutLocalMemory(string name)
    {
        var a = ActivationCases.Get(name);
        var kernel = typeof(ActivationKernels).GetMethod(nameof(ActivationKernels.EvaluateKernel),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(a.Type);
        using var compiler = new PtxCompiler();
        var ptx = compiler.Compile(kernel);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".local", ptx);               // no arrays or spills to local memory
        Assert.False(Regex.IsMatch(ptx, @"\bcall\b"), "generated code must inline completely");
        Assert.False(Regex.IsMatch(ptx, @"\.f64\b"), "a double literal or Math call leaked float64 arithmetic into the kernel");
    }
}
