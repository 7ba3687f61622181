using System.Diagnostics;
using System.Numerics;
using TinyNN.Evaluation;
using TinyNN.Imaging;
using TinyNN.Tests.Evaluation;

namespace TinyNN.Tests.Imaging;

/// <summary>
/// Sphere tracing an exact sphere SDF of radius r seen from distance D on the optical axis. Its silhouette is
/// the tangent cone, half-angle asin(r/D), so the hit mask is a disc of radius tan(asin(r/D))·(H/2)/tan(fov/2)
/// pixels; its pixel count must match the disc's area to 1% (the boundary pixels, about 2πR ≈ 400 for the
/// 60-pixel radius here, are split at random between hit and miss, a few tens net).
/// </summary>
public sealed class SphereTracerTests
{
    private const float Radius = 0.5f, Distance = 3, Fov = 40;
    private static readonly Camera OnAxis = new(new Vector3(0, 0, Distance), Vector3.Zero, Fov);

    [Fact]
    public void HitMaskIsTheProjectedDisc()
    {
        const int size = 256;
        var result = SphereTracer.Trace(AnalyticSdf.Sphere(Radius), OnAxis, size, size);
        var pixelRadius = MathF.Tan(MathF.Asin(Radius / Distance)) * (size / 2f) / MathF.Tan(Fov * MathF.PI / 360);
        var expected = MathF.PI * pixelRadius * pixelRadius;
        var hits = result.Hit.Count(h => h);
        Assert.True(Math.Abs(hits - expected) < 0.01 * expected, $"{hits} hit pixels, disc area {expected:F0}");
        // And it is that disc: every pixel more than one pixel inside hits, every pixel more than one outside misses.
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var r = MathF.Sqrt(MathF.Pow(x + 0.5f - size / 2f, 2) + MathF.Pow(y + 0.5f - size / 2f, 2));
                if (r < pixelRadius - 1) Assert.True(result.Hit[y * size + x], $"pixel ({x}, {y}) inside the disc");
                if (r > pixelRadius + 1) Assert.False(result.Hit[y * size + x], $"pixel ({x}, {y}) outside the disc");
            }
        }
    }

    [Fact]
    public void HitsLieOnTheSurfaceWithOutwardNormalsFacingTheCamera()
    {
        const int size = 64;
        var result = SphereTracer.Trace(AnalyticSdf.Sphere(Radius), OnAxis, size, size);
        var (forward, right, up) = OnAxis.Basis();
        var half = MathF.Tan(Fov * MathF.PI / 360);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                if (!result.Hit[i])
                {
                    Assert.Equal(float.PositiveInfinity, result.Depth[i]);
                    continue;
                }
                var direction = Vector3.Normalize(forward + half * (2 * (x + 0.5f) / size - 1) * right + half * (1 - 2 * (y + 0.5f) / size) * up);
                var point = OnAxis.Eye + result.Depth[i] * direction;
                // Steps of 0.9·d never overshoot an exact SDF; the march stops within the 1e-3 hit threshold.
                Assert.InRange(point.Length() - Radius, -1e-5f, 1e-3f);
                var normal = new Vector3(result.Normals[3 * i], result.Normals[3 * i + 1], result.Normals[3 * i + 2]);
                Assert.True(Vector3.Dot(normal, Vector3.Normalize(point)) > 0.9999f, $"pixel ({x}, {y}): normal {normal} at {point}");
            }
        }
        var centre = (size / 2) * size + size / 2;
        Assert.True(result.Normals[3 * centre + 2] > 0.999f, "the centre normal faces the camera (+z)");
        Assert.InRange(result.Depth[centre], Distance - Radius - 1e-3f, Distance - Radius + 2e-3f);
    }

    [Fact]
    public void ShadingIsLambertPlusAmbient()
    {
        const int size = 64;
        var image = SphereTracer.Render(AnalyticSdf.Sphere(Radius), OnAxis, size, size, lightDirection: new Vector3(0, 0, 2));
        // Centre: normal ≈ light, full Lambert: 255 · albedo (0.85, 0.80, 0.72) = (217, 204, 184).
        var centre = image.GetPixel(size / 2, size / 2);
        Assert.InRange(centre.R, 215, 217);
        Assert.InRange(centre.G, 202, 204);
        Assert.InRange(centre.B, 182, 184);
        var corner = image.GetPixel(0, 0);
        Assert.True(corner.B > corner.R + 20, $"background is the sky gradient: {corner}");

        var sideLit = SphereTracer.Render(AnalyticSdf.Sphere(Radius), OnAxis, size, size, lightDirection: Vector3.UnitX);
        var leftSide = sideLit.GetPixel(size / 2 - 6, size / 2);
        var rightSide = sideLit.GetPixel(size / 2 + 6, size / 2);
        Assert.True(rightSide.R > leftSide.R + 40, $"light from +x: right {rightSide} brighter than left {leftSide}");
        Assert.InRange(leftSide.R, 53, 55); // left of the light's terminator: ambient only, 0.25 · 0.85 · 255
    }

    [Fact]
    public void RaysStayInsideTheBox()
    {
        // A sphere sticking out of [-1, 1]³ through the +x face: only its part inside the box is seen.
        const int size = 96;
        var camera = new Camera(new Vector3(0, 0, 3), Vector3.Zero, 60);
        var result = SphereTracer.Trace(AnalyticSdf.Sphere(0.5f, 1.2f, 0, 0), camera, size, size);
        var (forward, right, up) = camera.Basis();
        var half = MathF.Tan(30 * MathF.PI / 180);
        var hits = 0;
        for (var i = 0; i < result.Hit.Length; i++)
        {
            if (!result.Hit[i]) continue;
            hits++;
            int x = i % size, y = i / size;
            var direction = Vector3.Normalize(forward + half * (2 * (x + 0.5f) / size - 1) * right + half * (1 - 2 * (y + 0.5f) / size) * up);
            var point = camera.Eye + result.Depth[i] * direction;
            Assert.True(point.X <= 1 + 1e-4f, $"hit at {point} lies outside the box");
        }
        Assert.True(hits > 100, $"{hits} hits");
    }

    [Fact]
    public void AllRaysAdvanceTogetherInLargeBatchesAndFast()
    {
        var calls = new List<int>();
        var sphere = AnalyticSdf.Sphere(Radius);
        SdfBatch counting = (points, distances) => { calls.Add(distances.Length); sphere(points, distances); };
        var watch = Stopwatch.StartNew();
        var result = SphereTracer.Trace(counting, OnAxis, 512, 512);
        watch.Stop();
        Assert.All(calls, c => Assert.InRange(c, 1, SdfSampler.MaxBatch));
        Assert.Equal(result.Evaluations, calls.Sum(c => (long)c));
        Assert.True(calls.Count <= 4 * result.Steps + 20, $"{calls.Count} calls for {result.Steps} steps");
        // The brief asks for < 2 s at 512² with a cheap SDF; measured about 0.12 s on this 2-core machine.
        Assert.True(watch.Elapsed.TotalSeconds < 2, $"512×512 took {watch.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var sphere = AnalyticSdf.Sphere(Radius);
        Assert.Throws<ArgumentOutOfRangeException>(() => SphereTracer.Trace(sphere, OnAxis, 0, 10));
        Assert.Throws<ArgumentException>(() => SphereTracer.Trace(sphere, OnAxis with { FieldOfViewDegrees = 180 }, 10, 10));
        Assert.Throws<ArgumentException>(() => SphereTracer.Trace(sphere, OnAxis with { Target = OnAxis.Eye }, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SphereTracer.Trace(sphere, OnAxis, 10, 10, new SphereTraceOptions { StepScale = 1.5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SphereTracer.Render(sphere, OnAxis, 10, 10, Vector3.Zero));
        var orbit = Camera.Orbit(90, 0, 2);
        Assert.True(Vector3.Distance(orbit.Eye, new Vector3(2, 0, 0)) < 1e-5f, $"azimuth 90° from +z is +x: {orbit.Eye}");
    }
}
