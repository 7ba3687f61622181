namespace TinyNN.Activations;

/// <summary>
/// Code that runs once per activation type, with that type as a type argument: what
/// <see cref="DeclaredActivation.Accept{TVisitor}(ref TVisitor)"/> calls, so a registry entry reaches generic kernels
/// without reflection.
/// </summary>
public interface IDeclaredActivationVisitor
{
    /// <summary>Called with the declared activation struct as <typeparamref name="TActivation"/>.</summary>
    void Visit<TActivation>() where TActivation : struct, IActivation;
}
