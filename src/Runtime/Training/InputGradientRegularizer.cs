using ILGPU;

namespace TinyNN.Training;

/// <summary>
/// A loss term R(∇ₓf) on the model's input gradient (∇ₓ of the sum of the outputs), whose parameter gradient the
/// trainer gets through backward_backward_input: it only has to supply R's value per sample and its direction
/// g = dR/d(∇ₓf). The Eikonal term of SDF training is one.
/// </summary>
public abstract class InputGradientRegularizer
{
    /// <summary>What the term is called in logs.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// From ∇f ([batch, inputs], the model's input gradient) writes g = dR/d(∇f) ([batch, inputs]; R is the batch
    /// total, weight included) and each sample's unweighted term ([batch]) for logging.
    /// </summary>
    public abstract void Evaluate(ArrayView<float> inputGradient, ArrayView<float> direction, ArrayView<float> values, int inputs, int batch);
}
