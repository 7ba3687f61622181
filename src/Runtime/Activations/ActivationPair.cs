namespace TinyNN.Activations;

/// <summary>Typed dispatch over a (hidden, output) activation pair: see <see cref="ActivationPair"/>.</summary>
public interface IActivationPairVisitor<out TResult>
{
    /// <summary>Called with the two activations' structs.</summary>
    TResult Visit<THidden, TOutput>() where THidden : struct, IActivation where TOutput : struct, IActivation;
}

/// <summary>Nests two <see cref="ActivationInfo.Accept{TResult}"/> calls into one dispatch over a pair.</summary>
public static class ActivationPair
{
    /// <summary>Calls <paramref name="visitor"/> with the structs of <paramref name="hidden"/> and <paramref name="output"/>.</summary>
    public static TResult Accept<TResult>(ActivationInfo hidden, ActivationInfo output, IActivationPairVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(visitor);
        return hidden.Accept(new WithHidden<TResult>(output, visitor));
    }

    private sealed class WithHidden<TResult>(ActivationInfo output, IActivationPairVisitor<TResult> visitor) : IActivationVisitor<TResult>
    {
        public TResult Visit<THidden>() where THidden : struct, IActivation => output.Accept(new WithOutput<THidden, TResult>(visitor));
    }

    private sealed class WithOutput<THidden, TResult>(IActivationPairVisitor<TResult> visitor) : IActivationVisitor<TResult>
        where THidden : struct, IActivation
    {
        public TResult Visit<TOutput>() where TOutput : struct, IActivation => visitor.Visit<THidden, TOutput>();
    }
}
