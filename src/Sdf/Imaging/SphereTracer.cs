using System.Numerics;
using TinyNN.Evaluation;

namespace TinyNN.Imaging;

/// <summary>
/// Renders the zero level set of an SDF by sphere tracing every pixel's ray together: each step evaluates the
/// SDF at all still-marching rays in batches, so a network behind <see cref="SdfBatch"/> sees large batches.
/// Rays march only inside the box [−b, b]³; normals come from batched central differences; shading is
/// Lambert plus ambient over a vertical background gradient.
/// </summary>
public static class SphereTracer
{
    /// <summary>The largest width or height accepted.</summary>
    public const int MaxSide = 8192;

    private static readonly Vector3 Albedo = new(0.85f, 0.80f, 0.72f);
    private static readonly Rgb SkyTop = new(172, 192, 218), SkyBottom = new(242, 242, 245);

    /// <summary>Traces every pixel's ray and returns hits, depths and normals.</summary>
    /// <exception cref="ArgumentException">A size, the camera or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The SDF returned a non-finite distance.</exception>
    public static SphereTraceResult Trace(SdfBatch sdf, Camera camera, int width, int height, SphereTraceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sdf);
        ArgumentNullException.ThrowIfNull(camera);
        options ??= new SphereTraceOptions();
        options.Validate();
        if (width is < 1 or > MaxSide) throw new ArgumentOutOfRangeException(nameof(width), $"render width must be 1..{MaxSide} (got {width})");
        if (height is < 1 or > MaxSide) throw new ArgumentOutOfRangeException(nameof(height), $"render height must be 1..{MaxSide} (got {height})");

        var n = width * height;
        var directions = RayDirections(camera, width, height);
        var eye = camera.Eye;
        var depth = new float[n];
        var far = new float[n];
        var active = new int[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            depth[i] = float.PositiveInfinity;
            if (!EnterBox(eye, directions[i], options.BoxExtent, out var enter, out far[i])) continue;
            depth[i] = enter;
            active[count++] = i;
        }

        var hit = new bool[n];
        var points = new float[3 * count];
        var distances = new float[count];
        long evaluations = 0;
        var steps = 0;
        while (count > 0 && steps < options.MaxSteps)
        {
            for (var k = 0; k < count; k++)
            {
                var p = eye + depth[active[k]] * directions[active[k]];
                (points[3 * k], points[3 * k + 1], points[3 * k + 2]) = (p.X, p.Y, p.Z);
            }
            SdfSampler.Evaluate(sdf, points.AsSpan(0, 3 * count), distances.AsSpan(0, count));
            evaluations += count;
            steps++;
            var kept = 0;
            for (var k = 0; k < count; k++)
            {
                var i = active[k];
                if (distances[k] < options.HitThreshold)
                {
                    hit[i] = true;
                    continue;
                }
                depth[i] += options.StepScale * distances[k];
                if (depth[i] <= far[i]) active[kept++] = i;
            }
            count = kept;
        }
        for (var i = 0; i < n; i++)
        {
            if (!hit[i]) depth[i] = float.PositiveInfinity;
        }

        var normals = new float[3 * n];
        evaluations += Normals(sdf, eye, directions, hit, depth, options.NormalStep, normals);
        return new SphereTraceResult(width, height, hit, depth, normals, steps, evaluations);
    }

    /// <summary>Traces the image and shades it.</summary>
    /// <param name="sdf">The field, called with batches of at most <see cref="SdfSampler.MaxBatch"/> points.</param>
    /// <param name="camera">The view.</param>
    /// <param name="width">Image width, 1..<see cref="MaxSide"/>.</param>
    /// <param name="height">Image height, 1..<see cref="MaxSide"/>.</param>
    /// <param name="lightDirection">Direction from the surface towards the light (need not be unit length).</param>
    /// <param name="options">Marching and shading settings; null for the defaults.</param>
    public static RgbImage Render(SdfBatch sdf, Camera camera, int width, int height, Vector3 lightDirection, SphereTraceOptions? options = null)
    {
        if (!(lightDirection.LengthSquared() > 0) || !float.IsFinite(lightDirection.LengthSquared()))
        {
            throw new ArgumentOutOfRangeException(nameof(lightDirection), $"light direction must be a finite non-zero vector (got {lightDirection})");
        }
        options ??= new SphereTraceOptions();
        var result = Trace(sdf, camera, width, height, options);
        var light = Vector3.Normalize(lightDirection);
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var sky = Rgb.Lerp(SkyTop, SkyBottom, height == 1 ? 0 : y / (float)(height - 1));
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                if (!result.Hit[i])
                {
                    image.SetPixel(x, y, sky);
                    continue;
                }
                var normal = new Vector3(result.Normals[3 * i], result.Normals[3 * i + 1], result.Normals[3 * i + 2]);
                var shade = 255 * Albedo * (options.Ambient + (1 - options.Ambient) * MathF.Max(0, Vector3.Dot(normal, light)));
                image.SetPixel(x, y, new Rgb(Rgb.Channel(shade.X), Rgb.Channel(shade.Y), Rgb.Channel(shade.Z)));
            }
        }
        return image;
    }

    /// <summary>Unit ray directions through the pixel centres, row-major, top row first.</summary>
    private static Vector3[] RayDirections(Camera camera, int width, int height)
    {
        var (forward, right, up) = camera.Basis();
        var halfHeight = MathF.Tan(camera.FieldOfViewDegrees * MathF.PI / 360);
        var halfWidth = halfHeight * width / height;
        var directions = new Vector3[width * height];
        for (var y = 0; y < height; y++)
        {
            var v = halfHeight * (1 - 2 * (y + 0.5f) / height);
            for (var x = 0; x < width; x++)
            {
                var u = halfWidth * (2 * (x + 0.5f) / width - 1);
                directions[y * width + x] = Vector3.Normalize(forward + u * right + v * up);
            }
        }
        return directions;
    }

    /// <summary>Slab test: where the ray from <paramref name="eye"/> enters and leaves [−b, b]³ (entering at 0 from inside).</summary>
    private static bool EnterBox(Vector3 eye, Vector3 direction, float b, out float enter, out float leave)
    {
        enter = 0;
        leave = float.PositiveInfinity;
        for (var axis = 0; axis < 3; axis++)
        {
            float origin = eye[axis], d = direction[axis];
            if (MathF.Abs(d) < 1e-12f)
            {
                if (MathF.Abs(origin) > b) return false;
                continue;
            }
            float t0 = (-b - origin) / d, t1 = (b - origin) / d;
            if (t0 > t1) (t0, t1) = (t1, t0);
            enter = MathF.Max(enter, t0);
            leave = MathF.Min(leave, t1);
        }
        return enter <= leave;
    }

    /// <summary>Writes unit normals at the hits (−ray direction where the gradient vanishes); returns the evaluations made.</summary>
    private static long Normals(SdfBatch sdf, Vector3 eye, Vector3[] directions, bool[] hit, float[] depth, float step, float[] normals)
    {
        var hits = new List<int>();
        for (var i = 0; i < hit.Length; i++)
        {
            if (hit[i]) hits.Add(i);
        }
        var positions = new float[3 * hits.Count];
        for (var k = 0; k < hits.Count; k++)
        {
            var p = eye + depth[hits[k]] * directions[hits[k]];
            (positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]) = (p.X, p.Y, p.Z);
        }
        var gradients = new float[positions.Length];
        SdfSampler.Gradient(sdf, positions, gradients, step);
        for (var k = 0; k < hits.Count; k++)
        {
            var g = new Vector3(gradients[3 * k], gradients[3 * k + 1], gradients[3 * k + 2]);
            var normal = g.LengthSquared() > 0 ? Vector3.Normalize(g) : -directions[hits[k]];
            var i = hits[k];
            (normals[3 * i], normals[3 * i + 1], normals[3 * i + 2]) = (normal.X, normal.Y, normal.Z);
        }
        return 6L * hits.Count;
    }
}
