namespace TinyNN.Evaluation;

/// <summary>
/// How close a predicted surface sample is to a reference one, from nearest neighbours in both directions
/// (see <see cref="SurfaceMetrics.Compare"/>). Distances are in the units of the points.
/// </summary>
/// <param name="ChamferL1">0.5 · (<paramref name="Accuracy"/> + <paramref name="Completeness"/>), the tcnn/NeuS convention.</param>
/// <param name="Accuracy">Mean distance from each predicted point to the nearest reference point.</param>
/// <param name="Completeness">Mean distance from each reference point to the nearest predicted point.</param>
/// <param name="NormalConsistency">Mean |cos| between the normals of nearest-neighbour pairs, both directions averaged; null without normals.</param>
/// <param name="Precision">Fraction of predicted points closer than <paramref name="Threshold"/> to the reference.</param>
/// <param name="Recall">Fraction of reference points closer than <paramref name="Threshold"/> to the prediction.</param>
/// <param name="FScore">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Threshold">The F-score distance threshold τ used.</param>
public sealed record SurfaceComparison(
    double ChamferL1,
    double Accuracy,
    double Completeness,
    double? NormalConsistency,
    double Precision,
    double Recall,
    double FScore,
    double Threshold);
