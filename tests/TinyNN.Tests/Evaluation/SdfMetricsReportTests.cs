using System.Text.Json;
using TinyNN.Evaluation;

namespace TinyNN.Tests.Evaluation;

/// <summary>The JSON report: snake_case names, nulls for unmeasured metrics, extra fields at the top level, atomic save.</summary>
public sealed class SdfMetricsReportTests
{
    [Fact]
    public void JsonHasSnakeCaseMetricsAndExtraFields()
    {
        var comparison = new SurfaceComparison(0.01, 0.008, 0.012, 0.97, 0.9, 0.8, 0.847, 0.02);
        var report = SdfMetricsReport.FromSurface(comparison) with
        {
            Iou = 0.93,
            MeanAbsSdfErrorNearSurface = 0.002,
            Extra = new Dictionary<string, object> { ["surface_samples"] = 100_000, ["units"] = "unit cube [-1, 1]^3" },
        };
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(
            ["chamfer_l1", "normal_consistency", "iou", "f_score", "precision", "recall", "f_score_threshold",
             "mean_abs_sdf_error_near_surface", "eikonal_residual", "surface_samples", "units"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.01, root.GetProperty("chamfer_l1").GetDouble());
        Assert.Equal(0.97, root.GetProperty("normal_consistency").GetDouble());
        Assert.Equal(0.847, root.GetProperty("f_score").GetDouble());
        Assert.Equal(0.02, root.GetProperty("f_score_threshold").GetDouble());
        Assert.Equal(0.93, root.GetProperty("iou").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("eikonal_residual").ValueKind);
        Assert.Equal(100_000, root.GetProperty("surface_samples").GetInt32());
        Assert.Equal("unit cube [-1, 1]^3", root.GetProperty("units").GetString());
        Assert.Contains("\n  \"chamfer_l1\"", report.ToJson()); // indented
    }

    [Fact]
    public void NonFiniteValuesAreWrittenAsNamedLiteralsAndCollidingExtrasRejected()
    {
        var report = new SdfMetricsReport { EikonalResidual = double.NaN };
        Assert.Equal("NaN", JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("eikonal_residual").GetString());
        var clash = new SdfMetricsReport { Extra = new Dictionary<string, object> { ["iou"] = 1 } };
        var error = Assert.Throws<InvalidOperationException>(clash.ToJson);
        Assert.Contains("'iou'", error.Message);
    }

    [Fact]
    public void SaveWritesTheJsonAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("tinynn-metrics-");
        try
        {
            var path = Path.Combine(folder.FullName, "metrics.json");
            var report = new SdfMetricsReport { ChamferL1 = 0.5 };
            report.Save(path);
            (report with { ChamferL1 = 0.25 }).Save(path);
            Assert.Equal(0.25, JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("chamfer_l1").GetDouble());
            Assert.Equal(["metrics.json"], folder.GetFiles().Select(f => f.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
