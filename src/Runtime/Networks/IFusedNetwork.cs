using TinyNN.Activations;

namespace TinyNN.Networks;

/// <summary>
/// A fused MLP declared with <see cref="FusedNetworkAttribute"/>: its shape, activations and, through
/// <see cref="Accept{TResult}"/>, the structs its kernels are specialised for, all generated.
/// </summary>
public interface IFusedNetwork
{
    /// <summary>Neurons per hidden layer.</summary>
    static abstract int Width { get; }

    /// <summary>Hidden layers.</summary>
    static abstract int HiddenLayers { get; }

    /// <summary>The hidden activation.</summary>
    static abstract ActivationInfo Activation { get; }

    /// <summary>The output activation.</summary>
    static abstract ActivationInfo OutputActivation { get; }

    /// <summary>Calls <paramref name="visitor"/> with the declaration's [FusedVector] struct and its two activation structs.</summary>
    static abstract TResult Accept<TResult>(IFusedNetworkVisitor<TResult> visitor);
}

/// <summary>Typed dispatch over a declared network's structs (see <see cref="IFusedNetwork.Accept{TResult}"/>).</summary>
public interface IFusedNetworkVisitor<out TResult>
{
    /// <summary>Called with the width's vector struct and the hidden and output activation structs.</summary>
    TResult Visit<TVector, THidden, TOutput>()
        where TVector : struct, IFusedVector<TVector> where THidden : struct, IActivation where TOutput : struct, IActivation;
}

/// <summary>Typed dispatch from a width to its declared [FusedVector] struct (the generated <c>FusedVectorTable.Accept</c>).</summary>
public interface IFusedVectorVisitor<out TResult>
{
    /// <summary>Called with the vector struct.</summary>
    TResult Visit<TVector>() where TVector : struct, IFusedVector<TVector>;
}
