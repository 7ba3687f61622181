namespace TinyNN.Activations;

/// <summary>
/// One activation struct in <see cref="DeclaredActivations"/>: its name, its place in listings and a typed way back
/// to the struct (<see cref="Accept{TResult}"/>). The generator creates one per [Activation].
/// </summary>
public abstract class DeclaredActivation
{
    private protected DeclaredActivation(int order) => Order = order;

    /// <summary>The activation struct.</summary>
    public abstract Type Type { get; }

    /// <summary>The name configs use (<see cref="IActivation.Name"/>).</summary>
    public abstract string Name { get; }

    /// <summary>Where the activation sits in listings: ascending, ties in registration order (<see cref="ActivationAttribute.Order"/>).</summary>
    public int Order { get; }

    /// <summary>Calls <paramref name="visitor"/>'s <c>Visit&lt;TActivation&gt;()</c> with this entry's struct.</summary>
    public abstract TResult Accept<TResult>(IActivationVisitor<TResult> visitor);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type.FullName})";
}

/// <summary>The registry entry of the activation struct <typeparamref name="TActivation"/>.</summary>
/// <typeparam name="TActivation">A struct implementing <see cref="IActivation"/>, usually generated from an [Activation] declaration.</typeparam>
public sealed class DeclaredActivation<TActivation> : DeclaredActivation where TActivation : struct, IActivation
{
    /// <summary>An entry listed at <paramref name="order"/> (the default lists it after every built-in).</summary>
    public DeclaredActivation(int order = ActivationAttribute.DefaultOrder) : base(order)
    {
    }

    /// <inheritdoc/>
    public override Type Type => typeof(TActivation);

    /// <inheritdoc/>
    public override string Name => TActivation.Name;

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IActivationVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit<TActivation>();
    }
}
