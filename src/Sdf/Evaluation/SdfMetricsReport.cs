using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TinyNN.Imaging;

namespace TinyNN.Evaluation;

/// <summary>
/// The metrics of one trained SDF, written as JSON with snake_case names (chamfer_l1, normal_consistency, iou,
/// f_score, precision, recall, f_score_threshold, mean_abs_sdf_error_near_surface, eikonal_residual). A metric
/// that was not measured is null. <see cref="Extra"/> entries (sample counts, units…) are written beside them
/// under their own keys. Non-finite values are written as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
public sealed record SdfMetricsReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>0.5 · (mean d(pred→ref) + mean d(ref→pred)).</summary>
    public double? ChamferL1 { get; init; }

    /// <summary>Mean |cos| between normals of nearest-neighbour pairs, both directions averaged.</summary>
    public double? NormalConsistency { get; init; }

    /// <summary>Volume intersection over union from occupancies at uniform points.</summary>
    public double? Iou { get; init; }

    /// <summary>F-score at <see cref="FScoreThreshold"/>.</summary>
    public double? FScore { get; init; }

    /// <summary>Fraction of predicted surface points closer than the threshold to the reference.</summary>
    public double? Precision { get; init; }

    /// <summary>Fraction of reference surface points closer than the threshold to the prediction.</summary>
    public double? Recall { get; init; }

    /// <summary>The F-score distance threshold τ.</summary>
    public double? FScoreThreshold { get; init; }

    /// <summary>Mean |predicted − true SDF| at points near the surface.</summary>
    public double? MeanAbsSdfErrorNearSurface { get; init; }

    /// <summary>Mean |‖∇f‖ − 1|.</summary>
    public double? EikonalResidual { get; init; }

    /// <summary>Further fields written at the top level under their own keys, e.g. "surface_samples" or "units".</summary>
    [JsonExtensionData]
    public Dictionary<string, object> Extra { get; init; } = [];

    /// <summary>A report holding the surface metrics of <paramref name="comparison"/>; the others stay null.</summary>
    public static SdfMetricsReport FromSurface(SurfaceComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new SdfMetricsReport
        {
            ChamferL1 = comparison.ChamferL1,
            NormalConsistency = comparison.NormalConsistency,
            FScore = comparison.FScore,
            Precision = comparison.Precision,
            Recall = comparison.Recall,
            FScoreThreshold = comparison.Threshold,
        };
    }

    /// <summary>The report as indented JSON.</summary>
    /// <exception cref="InvalidOperationException">An <see cref="Extra"/> key is empty or repeats a metric's name.</exception>
    public string ToJson()
    {
        var metricNames = typeof(SdfMetricsReport).GetProperties()
            .Where(p => p.Name != nameof(Extra))
            .Select(p => Options.PropertyNamingPolicy!.ConvertName(p.Name))
            .ToHashSet();
        foreach (var key in Extra.Keys)
        {
            if (string.IsNullOrWhiteSpace(key) || metricNames.Contains(key))
            {
                throw new InvalidOperationException(
                    $"metrics report extra field '{key}' must be a non-empty name other than {string.Join(", ", metricNames)}");
            }
        }
        return JsonSerializer.Serialize(this, Options);
    }

    /// <summary>Writes <see cref="ToJson"/> (UTF-8) to <paramref name="path"/> through a temporary file and a rename.</summary>
    public void Save(string path) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToJson() + "\n"));
}
