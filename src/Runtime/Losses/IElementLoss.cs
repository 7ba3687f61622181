namespace TinyNN.Losses;

/// <summary>
/// One element of an elementwise loss, as tcnn's loss kernels compute it before normalisation: the value and the
/// gradient with respect to the prediction. Implemented by structs, so ILGPU inlines them into the loss kernel.
/// </summary>
internal interface IElementLoss
{
    /// <summary>The element's loss, not yet divided by the element count.</summary>
    static abstract float Value(float prediction, float target, float parameter);

    /// <summary>The element's gradient as tcnn defines it, not yet scaled or divided by the element count.</summary>
    static abstract float Gradient(float prediction, float target, float parameter);
}
