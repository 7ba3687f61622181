namespace TinyNN.Losses;

/// <summary>Receives a loss's element formula as a type (<see cref="Loss"/>), so a kernel can be specialised for it.</summary>
internal interface ILossElementVisitor<out TResult>
{
    /// <summary>Called with the loss's <see cref="IElementLoss"/> struct.</summary>
    TResult Visit<TLoss>() where TLoss : struct, IElementLoss;
}
