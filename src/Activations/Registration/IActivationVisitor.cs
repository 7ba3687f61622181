namespace TinyNN.Activations;

/// <summary>
/// Typed dispatch over an activation: a registry entry (<see cref="DeclaredActivation.Accept{TResult}"/>) or the
/// runtime's ActivationInfo calls <see cref="Visit{TActivation}"/> with the activation's struct as a type argument, so
/// run-time choices (configs, the CLI) reach code that is generic over the activation without reflection.
/// </summary>
public interface IActivationVisitor<out TResult>
{
    /// <summary>Called with the activation's struct.</summary>
    TResult Visit<TActivation>() where TActivation : struct, IActivation;
}
