using TinyNN.Losses;
using TinyNN.Optimizers;
using TinyNN.Tests.Devices;

namespace TinyNN.Tests.Optimizers;

/// <summary>Every loss, reduction, optimizer and check kernel compiles to clean SM 9.0 PTX (what the CUDA path runs).</summary>
public sealed class KernelPtxTests
{
    public static TheoryData<string> Kernels => new(
        "Loss:L1", "Loss:L2", "Loss:RelativeL1", "Loss:RelativeL2", "Loss:Mape", "Loss:Smape", "Loss:Huber",
        "LossReduction.PartialSums", "LossReduction.FinalSum", "AdamKernels.Step", "SgdOptimizer.Update",
        "EmaOptimizer.Average", "NonFiniteCheck.Flag");

    [Theory, MemberData(nameof(Kernels))]
    public void CompilesToInlinedFloat32PtxWithoutLocalMemory(string kernel)
    {
        if (kernel.StartsWith("Loss:", StringComparison.Ordinal))
        {
            var loss = typeof(Loss).Assembly.GetType($"TinyNN.Losses.{kernel[5..]}Loss")!;
            var element = loss.GetNestedType("Element", System.Reflection.BindingFlags.NonPublic)!;
            PtxAssert.CompilesCleanly(PtxAssert.Method(typeof(Loss).Assembly.GetType("TinyNN.Losses.LossKernels")!, "Evaluate").MakeGenericMethod(element));
            return;
        }
        var (typeName, method) = (kernel.Split('.')[0], kernel.Split('.')[1]);
        var type = typeof(Loss).Assembly.GetTypes().Single(t => t.Name == typeName);
        PtxAssert.CompilesCleanly(PtxAssert.Method(type, method));
    }
}
