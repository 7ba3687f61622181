using TinyNN.Activations;

namespace TinyNN.Tests.Activations;

/// <summary>At a kink the derivative follows tcnn (common_device.h): the x &gt; 0 test fails at 0.</summary>
public sealed class KinkConventionTests
{
    [Fact]
    public void ReluDerivativeAtZeroIsZero()
    {
        Assert.Equal(0f, ReLU.Derivative(0f));
        Assert.Equal(1f, ReLU.Derivative(1e-30f));
        Assert.Equal(0f, ReLU.SecondDerivative(0f));
    }

    [Fact]
    public void LeakyReluDerivativeAtZeroIsTheSlope()
    {
        Assert.Equal(LeakyReLU.Slope, LeakyReLU.Derivative(0f));
        Assert.Equal(1f, LeakyReLU.Derivative(1e-30f));
    }

    [Fact]
    public void SoftplusEqualsTcnnsLiteralFormulaWhereThatIsFinite()
    {
        // tcnn: logf(expf(K x) + 1) / K, which is ∞ from K x ≈ 88.7 on.
        for (var x = -10f; x <= 20f; x += 0.01f)
        {
            var literal = MathF.Log(MathF.Exp(Softplus.K * x) + 1f) / Softplus.K;
            if (!float.IsFinite(literal))
            {
                Assert.Equal(x, Softplus.Forward(x));
                continue;
            }
            Assert.True(Math.Abs(Softplus.Forward(x) - literal) <= 2e-7f * Math.Max(1f, Math.Abs(literal)), $"x = {x}: {Softplus.Forward(x)} vs {literal}");
        }
    }
}
