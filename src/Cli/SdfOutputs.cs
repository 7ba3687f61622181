using System.Numerics;
using TinyNN.Evaluation;
using TinyNN.Geometry;
using TinyNN.Imaging;
using TinyNN.Training;

namespace TinyNN.Cli;

/// <summary>What `tinynn sdf` writes after training: the mesh, three pictures and the metrics.</summary>
internal static class SdfOutputs
{
    /// <summary>The smallest --image-size (pixels across each picture).</summary>
    public const int MinImageSize = 128;

    /// <summary>The largest --image-size.</summary>
    public const int MaxImageSize = 4096;

    public static SdfMetricsReport Write(ModelSdf sdf, SdfGroundTruth truth, IReadOnlyList<LossRecord> history, string directory,
        int resolution, string format, int imageSize, int seed, TextWriter log, IDictionary<string, double> seconds)
    {
        var phase = System.Diagnostics.Stopwatch.StartNew();
        var batch = sdf.AsBatch();
        var box = Box3.Cube(1f);

        // The learned surface by marching cubes, evaluated a few slices at a time.
        var values = new float[resolution * resolution * resolution];
        var slices = Math.Max(1, sdf.Capacity / (resolution * resolution));
        var bar = new ProgressBar("mesh", resolution);
        for (var z = 0; z < resolution; z += slices)
        {
            var count = Math.Min(slices, resolution - z);
            var points = MarchingCubes.GridPoints(resolution, box, z, count);
            sdf.Evaluate(points, values.AsSpan(z * resolution * resolution, count * resolution * resolution));
            bar.Report(z + count);
        }
        bar.Done();
        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new InvalidOperationException($"the trained model outputs {values[bad]} inside the box (grid point {bad} of {values.Length}): "
                + "training diverged; its checkpoint is kept for inspection — lower the learning rate or λ and train again");
        }
        var mesh = MarchingCubes.Extract(values, resolution, box);
        var meshPath = Path.Combine(directory, "mesh." + format);
        if (format == "ply") MeshWriter.WritePly(mesh, meshPath);
        else MeshWriter.WriteObj(mesh, meshPath);
        log.WriteLine($"mesh: {mesh.VertexCount} vertices, {mesh.TriangleCount} triangles at {resolution}³ → {meshPath}");
        seconds["mesh"] = phase.Elapsed.TotalSeconds;
        phase.Restart();

        PngWriter.Save(Path.Combine(directory, "render.png"),
            SphereTracer.Render(batch, Camera.Orbit(35, 25, 3.2f), imageSize, imageSize, Vector3.Normalize(new Vector3(0.5f, 1f, 0.8f))));
        // The slice is sampled at half the image size: the heatmap interpolates between samples and the contours are exact lines.
        PlotRendering.SavePng(SdfSlicePlot.Create(batch, SliceAxis.Z, 0f, Math.Max(SdfSlicePlot.MinResolution, imageSize / 2)),
            Path.Combine(directory, "slice.png"), imageSize, imageSize * 7 / 8);
        var sdfCurve = history.Select(r => r.Sdf).ToList();
        var eikonalCurve = history.Select(r => r.Eikonal).ToList();
        var stepInterval = history.Count > 1 ? history[1].Step - history[0].Step : 1;
        PlotRendering.SavePng(LossCurvePlot.Create([("SDF loss", sdfCurve), ("Eikonal (‖∇f‖ − 1)²", eikonalCurve)], "Training loss", "step", stepInterval),
            Path.Combine(directory, "loss.png"), imageSize, imageSize * 5 / 8);

        seconds["pictures"] = phase.Elapsed.TotalSeconds;
        phase.Restart();
        var report = Measure(sdf, truth, mesh, seed);
        seconds["metrics"] = phase.Elapsed.TotalSeconds;
        return report;
    }

    /// <summary>
    /// Surface metrics from 100k points sampled on each surface (Chamfer-L1, normal consistency, F-score at 1% of
    /// the reference's bounding-box diagonal), IoU on 200k uniform points, mean |SDF error| on 50k points within
    /// σ = 0.01 of the surface, and the Eikonal residual mean |‖∇f‖ − 1| on 50k uniform points.
    /// </summary>
    private static SdfMetricsReport Measure(ModelSdf sdf, SdfGroundTruth truth, TriangleMesh mesh, int seed)
    {
        var random = new Random(seed + 1);
        var reference = truth.Surface.SampleSurface(100_000, random);
        SurfaceComparison? surface = null;
        if (mesh.TriangleCount > 0)
        {
            var predicted = mesh.SampleSurface(100_000, random);
            surface = SurfaceMetrics.Compare(predicted.Points, reference.Points, predicted.Normals, reference.Normals);
        }
        var uniform = new float[3 * 200_000];
        for (var i = 0; i < uniform.Length; i++) uniform[i] = (float)(random.NextDouble() * 2 - 1);
        var predictedUniform = new float[200_000];
        sdf.Evaluate(uniform, predictedUniform);
        var iou = SurfaceMetrics.Iou(SurfaceMetrics.Occupancy(predictedUniform), SurfaceMetrics.Occupancy(truth.SignedDistances(uniform)));

        var near = truth.Surface.SampleSurface(50_000, random).Points;
        for (var i = 0; i < near.Length; i++) near[i] += (float)(0.01 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var predictedNear = new float[50_000];
        sdf.Evaluate(near, predictedNear);
        var nearError = SurfaceMetrics.MeanAbsoluteError(predictedNear, truth.SignedDistances(near));

        var gradients = new float[3 * 50_000];
        sdf.Gradient(uniform.AsSpan(0, 3 * 50_000), gradients);
        var eikonal = SurfaceMetrics.EikonalResidual(gradients);

        var bounds = truth.Surface.Bounds;
        var diagonal = (double)(bounds.Max - bounds.Min).Length();
        var report = (surface is null ? new SdfMetricsReport() : SdfMetricsReport.FromSurface(surface)) with
        {
            Iou = iou,
            MeanAbsSdfErrorNearSurface = nearError,
            EikonalResidual = eikonal,
            Extra = [],
        };
        report.Extra["bounding_box_diagonal"] = Math.Round(diagonal, 6);
        report.Extra["mean_abs_sdf_error_near_surface_over_diagonal"] = nearError / diagonal;
        report.Extra["learned_mesh_triangles"] = mesh.TriangleCount;
        return report;
    }
}
